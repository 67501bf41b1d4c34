import Foundation
import GazetteCore

/// Options of the fetch stage.
public struct FetchOptions: StageOptions {
    /// Inputs larger than this fail with `fetch.too-large` instead of being read into memory.
    public var maxBytes: Int = 64 * 1024 * 1024

    public init() {}

    enum CodingKeys: String, CodingKey { case maxBytes = "max_bytes" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? FetchOptions().maxBytes
    }
}

/// Fetch: turns an input the user named into bytes and their provenance.
///
/// Local files and bytes handed over by the caller (standard input, `gazette stream`) are read here.
/// HTTP(S) fetching is not built yet: a URL fails with `fetch.unsupported-scheme`, so it still ends in
/// `errors.jsonl` rather than being lost.
public struct FetchStage: Stage {
    public static let id = StageID.fetch
    public static let version = 1

    public let options: FetchOptions

    public init(options: FetchOptions) { self.options = options }

    public func run(_ request: FetchRequest) throws -> FetchedDocument {
        let content = try request.content ?? readContent(of: request.uri)
        if content.count > options.maxBytes {
            throw GazetteError(stage: .fetch, code: .fetchTooLarge,
                               message: "the input has \(content.count) bytes, more than max_bytes (\(options.maxBytes))",
                               input: request.uri)
        }
        let source = Source(uri: request.uri, sha256: ContentDigest.hex(content), bytes: content.count,
                            contentType: request.contentType)
        return FetchedDocument(source: source, content: content)
    }

    private func readContent(of uri: String) throws -> Data {
        if let scheme = InputLocation.scheme(of: uri) {
            throw GazetteError(stage: .fetch, code: .fetchUnsupportedScheme,
                               message: "\(scheme) URLs cannot be fetched by this version of Gazette; save the page and give its path",
                               input: uri)
        }
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
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw GazetteError(stage: .fetch, code: .fetchUnreadable,
                               message: "cannot be read: \(error.localizedDescription)", input: uri)
        }
    }
}
