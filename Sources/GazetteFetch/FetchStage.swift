import Foundation
import GazetteCore

/// Options of the fetch stage.
public struct FetchOptions: StageOptions {
    /// Inputs (and HTTP bodies, inflated) larger than this fail with `fetch.too-large`.
    public var maxBytes: Int = 64 * 1024 * 1024
    public var connectTimeoutSeconds: Double = 10
    /// The longest silence while reading a response.
    public var readTimeoutSeconds: Double = 30
    /// The longest one attempt may take, body included.
    public var totalTimeoutSeconds: Double = 120
    /// Attempts after the first, on timeouts, connection errors, 429 and 5xx (never on other 4xx).
    public var retries: Int = 3
    /// The first retry waits about this long; each next one twice as long, with jitter.
    public var retryBaseSeconds: Double = 1
    /// No wait is longer, Retry-After included.
    public var retryMaxSeconds: Double = 60
    public var maxRedirects: Int = 5
    /// Requests in flight to one host at most.
    public var perHostConcurrency: Int = 2
    /// The least time between two requests to one host.
    public var perHostDelaySeconds: Double = 0.5
    public var userAgent: String = "Gazette/\(GazetteVersion.current) (government report ingestion)"
    /// Containers' field names: a record field (`content`, `title`, `url`, `date`, `agency`) to the name it has
    /// in the exports this pipeline reads, over the names crawlers use (`gazette run --field` overrides).
    public var fields: [String: String] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case maxBytes = "max_bytes"
        case connectTimeoutSeconds = "connect_timeout_seconds"
        case readTimeoutSeconds = "read_timeout_seconds"
        case totalTimeoutSeconds = "total_timeout_seconds"
        case retries
        case retryBaseSeconds = "retry_base_seconds"
        case retryMaxSeconds = "retry_max_seconds"
        case maxRedirects = "max_redirects"
        case perHostConcurrency = "per_host_concurrency"
        case perHostDelaySeconds = "per_host_delay_seconds"
        case userAgent = "user_agent"
        case fields
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FetchOptions()
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? d.maxBytes
        connectTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .connectTimeoutSeconds) ?? d.connectTimeoutSeconds
        readTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .readTimeoutSeconds) ?? d.readTimeoutSeconds
        totalTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .totalTimeoutSeconds) ?? d.totalTimeoutSeconds
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? d.retries
        retryBaseSeconds = try c.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? d.retryBaseSeconds
        retryMaxSeconds = try c.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? d.retryMaxSeconds
        maxRedirects = try c.decodeIfPresent(Int.self, forKey: .maxRedirects) ?? d.maxRedirects
        perHostConcurrency = try c.decodeIfPresent(Int.self, forKey: .perHostConcurrency) ?? d.perHostConcurrency
        perHostDelaySeconds = try c.decodeIfPresent(Double.self, forKey: .perHostDelaySeconds) ?? d.perHostDelaySeconds
        userAgent = try c.decodeIfPresent(String.self, forKey: .userAgent) ?? d.userAgent
        fields = try c.decodeIfPresent([String: String].self, forKey: .fields) ?? d.fields
        if let unknown = fields.keys.sorted().first(where: { RecordField(rawValue: $0) == nil }) {
            throw DecodingError.dataCorruptedError(forKey: .fields, in: c, debugDescription:
                "'\(unknown)' is not a record field (\(RecordField.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}

/// What a fetch came to: a document, or the server's word that the cached one is still current.
public enum FetchOutcome: Sendable {
    case fetched(FetchedDocument)
    case notModified
}

/// Fetch: turns an input the user named into bytes and their provenance.
///
/// Local files, and bytes the caller already has (standard input, `gazette stream`), are read directly.
/// `http(s)://` URLs are fetched with async-http-client (``HTTPFetcher``): redirects followed by hand (to
/// http and https only), timeouts, retries with backoff, per-host politeness, capped and inflated bodies,
/// and conditional requests when the caller passes what the last response said.
public struct FetchStage: Stage {
    public static let id = StageID.fetch
    public static let version = 3

    public let options: FetchOptions
    private let http: HTTPFetcher

    public init(options: FetchOptions) {
        self.options = options
        http = HTTPFetcher(options: options)
    }

    public func run(_ request: FetchRequest) async throws -> FetchedDocument {
        switch try await fetch(request, validators: nil) {
        case .fetched(let document): return document
        case .notModified:
            throw GazetteError(stage: .fetch, code: .fetchNotCached, message: "the server answered 304 to an unconditional request",
                               input: request.uri)
        }
    }

    /// Fetches, sending `validators` (from the last response) as a conditional request for URLs.
    public func fetch(_ request: FetchRequest, validators: HTTPValidators?) async throws -> FetchOutcome {
        if let problem = request.problem {
            throw GazetteError(stage: .fetch, code: GazetteError.Code(rawValue: problem.code), message: problem.message,
                               input: request.uri)
        }
        if let content = request.content {
            var fetched = try document(request.uri, content: content, contentType: request.contentType)
            fetched.source.url = request.url
            fetched.source.record = request.record
            return .fetched(fetched)
        }
        if let scheme = InputLocation.scheme(of: request.uri) {
            guard scheme == "http" || scheme == "https" else {
                throw GazetteError(stage: .fetch, code: .fetchUnsupportedScheme,
                                   message: "\(scheme): URLs are not fetched; give an http(s) URL or a path", input: request.uri)
            }
            return try await http.fetch(request.uri, validators: validators)
        }
        return .fetched(try readFile(request.uri))
    }

    /// Closes the HTTP client, if one was opened. Call once the run is over.
    public func shutdown() async { await http.shutdown() }

    private func document(_ uri: String, content: Data, contentType: String?) throws -> FetchedDocument {
        if content.count > options.maxBytes {
            throw GazetteError(stage: .fetch, code: .fetchTooLarge,
                               message: "the input has \(content.count) bytes, more than max_bytes (\(options.maxBytes))", input: uri)
        }
        return FetchedDocument(source: Source(uri: uri, sha256: ContentDigest.hex(content), bytes: content.count,
                                              contentType: contentType), content: content)
    }

    private func readFile(_ uri: String) throws -> FetchedDocument {
        let path = InputLocation.path(of: uri)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GazetteError(stage: .fetch, code: .fetchNotFound, message: "no such file", input: uri)
        }
        if isDirectory.boolValue {
            throw GazetteError(stage: .fetch, code: .fetchUnreadable, message: "is a folder, not a document", input: uri)
        }
        if let size = FileStatus.of(path)?.size, size > options.maxBytes {
            throw GazetteError(stage: .fetch, code: .fetchTooLarge,
                               message: "the file has \(size) bytes, more than max_bytes (\(options.maxBytes))", input: uri)
        }
        do {
            return try document(uri, content: try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe),
                                contentType: nil)
        } catch let error as GazetteError {
            throw error
        } catch {
            throw GazetteError(stage: .fetch, code: .fetchUnreadable,
                               message: "cannot be read: \(error.localizedDescription)", input: uri)
        }
    }
}
