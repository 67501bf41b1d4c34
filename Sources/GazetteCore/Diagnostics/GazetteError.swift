/// The error that ends one document's journey through the pipeline; it becomes one line of `errors.jsonl`.
///
/// The message names the input and says what went wrong and, where it can, what to do about it.
public struct GazetteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var stage: StageID
    public var code: Code
    public var message: String
    /// The URL or path as the user gave it, when known.
    public var input: String?

    public init(stage: StageID, code: Code, message: String, input: String? = nil) {
        self.stage = stage
        self.code = code
        self.message = message
        self.input = input
    }

    public var description: String {
        "\(input.map { "\($0): " } ?? "")\(stage.rawValue): \(message) [\(code.rawValue)]"
    }
}

extension GazetteError {
    /// A stable error code, written to `errors.jsonl`. Named statics keep call sites free of typos.
    public struct Code: RawRepresentable, Hashable, Codable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let fetchNotFound = Code(rawValue: "fetch.not-found")
        public static let fetchUnreadable = Code(rawValue: "fetch.unreadable")
        public static let fetchTooLarge = Code(rawValue: "fetch.too-large")
        public static let fetchUnsupportedScheme = Code(rawValue: "fetch.unsupported-scheme")
        public static let fetchNotCached = Code(rawValue: "fetch.not-cached")
        public static let fetchHTTPStatus = Code(rawValue: "fetch.http-status")
        public static let fetchTimeout = Code(rawValue: "fetch.timeout")
        public static let fetchConnection = Code(rawValue: "fetch.connection")
        public static let fetchRateLimited = Code(rawValue: "fetch.rate-limited")
        public static let fetchServerError = Code(rawValue: "fetch.server-error")
        public static let fetchRedirect = Code(rawValue: "fetch.redirect")
        public static let fetchBadRecord = Code(rawValue: "fetch.bad-record")
        public static let fetchNoContentField = Code(rawValue: "fetch.no-content-field")
        public static let fetchRevisitNotFound = Code(rawValue: "fetch.revisit-not-found")
        public static let decodeEmpty = Code(rawValue: "decode.empty")
        public static let decodeBinary = Code(rawValue: "decode.binary")
        public static let decodeUndecodable = Code(rawValue: "decode.undecodable")
        public static let extractNoText = Code(rawValue: "extract.no-text")
        public static let extractHTML = Code(rawValue: "extract.html-unparsable")
        public static let extractTooDeep = Code(rawValue: "extract.too-deep")
        public static let extractTooManyLines = Code(rawValue: "extract.too-many-lines")
        public static let reconstructTooManyCells = Code(rawValue: "reconstruct.too-many-cells")
        public static let normalizeConverter = Code(rawValue: "normalize.converter-failed")
        public static let emitFailed = Code(rawValue: "emit.failed")

        /// The document used up `limits.seconds_per_document` in this stage (``TimeBudget``).
        public static func tooSlow(_ stage: StageID) -> Code { Code(rawValue: "\(stage.rawValue).too-slow") }

        /// Any error that is not a ``GazetteError`` is wrapped under `<stage>.internal`.
        public static func `internal`(_ stage: StageID) -> Code { Code(rawValue: "\(stage.rawValue).internal") }
    }
}
