/// Gazette's version: in the User-Agent of its HTTP requests and in `gazette --version`.
public enum GazetteVersion {
    public static let current = "0.2.0"
}
