/// Where a document came from (the report object's `source`).
public struct Source: Codable, Sendable, Equatable {
    /// The URL or path as the user gave it.
    public var uri: String
    public var sha256: String
    public var bytes: Int
    public var contentType: String?
    /// ISO 8601 time of an HTTP fetch; nil for local files.
    public var fetchedAt: String?
    /// The page's URL as a record of a crawler's export gives it.
    public var url: String?
    /// The record of a container (a crawler's CSV, JSON Lines or JSON export) the document is.
    public var record: SourceRecord?

    public init(uri: String, sha256: String, bytes: Int, contentType: String? = nil, fetchedAt: String? = nil,
                url: String? = nil, record: SourceRecord? = nil) {
        self.uri = uri
        self.sha256 = sha256
        self.bytes = bytes
        self.contentType = contentType
        self.fetchedAt = fetchedAt
        self.url = url
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case uri, sha256, bytes, url, record
        case contentType = "content_type"
        case fetchedAt = "fetched_at"
    }
}

/// A document's place in a container (`source.record`): the container as the user named it, the record's
/// number (from 1, in file order) and its other fields, as strings.
public struct SourceRecord: Codable, Sendable, Equatable {
    public var container: String
    public var number: Int
    public var fields: [String: String]
    /// The fields read as the record's title, date and agency: evidence for the report's own where its content
    /// lacks them. Not written (they are among `fields`).
    public var title: String?
    public var date: String?
    public var agency: String?

    public init(container: String, number: Int, fields: [String: String]) {
        self.container = container
        self.number = number
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey { case container, number, fields }
}
