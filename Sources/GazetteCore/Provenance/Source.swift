/// Where a document came from (the report object's `source`).
public struct Source: Codable, Sendable, Equatable {
    /// The URL or path as the user gave it.
    public var uri: String
    public var sha256: String
    public var bytes: Int
    public var contentType: String?
    /// ISO 8601 time of an HTTP fetch; nil for local files.
    public var fetchedAt: String?

    public init(uri: String, sha256: String, bytes: Int, contentType: String? = nil, fetchedAt: String? = nil) {
        self.uri = uri
        self.sha256 = sha256
        self.bytes = bytes
        self.contentType = contentType
        self.fetchedAt = fetchedAt
    }

    enum CodingKeys: String, CodingKey {
        case uri, sha256, bytes
        case contentType = "content_type"
        case fetchedAt = "fetched_at"
    }
}
