import Foundation

/// What the fetch stage is asked for: one input as the user named it.
public struct FetchRequest: Codable, Sendable, Equatable {
    /// A URL or a path, as given; `-` for standard input.
    public var uri: String
    /// The bytes, when the caller already has them (standard input, `gazette stream`).
    public var content: Data?
    public var contentType: String?

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
