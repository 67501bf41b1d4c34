import Foundation

/// What the fetch stage is asked for: one input as the user named it.
public struct FetchRequest: Codable, Sendable, Equatable {
    /// A URL or a path, as given; `-` for standard input.
    public var uri: String
    /// The bytes, when the caller already has them (standard input, `gazette stream`).
    public var content: Data?
    public var contentType: String?
    /// For a record of a container: where it stands in it, and the URL its fields give.
    public var record: SourceRecord? = nil
    public var url: String? = nil
    /// Why the input cannot be read, known before fetching (a record of a container that is malformed): the
    /// fetch stage fails it with this code and message.
    public var problem: Problem? = nil

    public struct Problem: Codable, Sendable, Equatable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public init(uri: String, content: Data? = nil, contentType: String? = nil) {
        self.uri = uri
        self.content = content
        self.contentType = contentType
    }

    enum CodingKeys: String, CodingKey {
        case uri, content
        case contentType = "content_type"
    }
}

/// What an HTTP server said to identify a response's version, for conditional requests next time.
public struct HTTPValidators: Codable, Sendable, Equatable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }

    public var isEmpty: Bool { etag == nil && lastModified == nil }

    enum CodingKeys: String, CodingKey {
        case etag
        case lastModified = "last_modified"
    }
}

/// The fetch stage's output: a document's bytes and where they came from.
public struct FetchedDocument: Artifact {
    public var id: DocumentID
    public var source: Source
    public var content: Data
    /// The ETag and Last-Modified of an HTTP response.
    public var validators: HTTPValidators?
    public var diagnostics: [Diagnostic]

    public init(source: Source, content: Data, validators: HTTPValidators? = nil, diagnostics: [Diagnostic] = []) {
        self.id = DocumentID(rawValue: source.sha256)
        self.source = source
        self.content = content
        self.validators = validators
        self.diagnostics = diagnostics
    }
}
