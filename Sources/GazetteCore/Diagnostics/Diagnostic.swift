/// A finding that does not stop the document: what a stage noticed, corrected or could not do.
/// It is the report object's `diagnostics[]` entry.
public struct Diagnostic: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable { case info, warning, error }

    public var stage: StageID
    public var severity: Severity
    /// A stable dotted code such as `normalize.phrase-replaced`.
    public var code: String
    public var message: String
    /// The 1-based source line the finding is about, when there is one.
    public var line: Int?

    public init(stage: StageID, severity: Severity, code: String, message: String, line: Int? = nil) {
        self.stage = stage
        self.severity = severity
        self.code = code
        self.message = message
        self.line = line
    }
}
