/// How the bytes of a document were turned into text (the report object's `encoding`).
public struct EncodingInfo: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable { case bom, header, meta, detected, assumed }

    /// The encoding the bytes were decoded with, as an iconv name (`UTF-8`, `GB18030`, `BIG5-HKSCS` …).
    public var name: String
    /// The label the document or its server declared, as written, when there was one.
    public var declared: String?
    public var method: Method
    /// Bytes that did not decode and were replaced by U+FFFD.
    public var invalidBytes: Int

    public init(name: String, declared: String? = nil, method: Method, invalidBytes: Int) {
        self.name = name
        self.declared = declared
        self.method = method
        self.invalidBytes = invalidBytes
    }

    enum CodingKeys: String, CodingKey {
        case name, declared, method
        case invalidBytes = "invalid_bytes"
    }
}

/// The decode stage's output: the document as Unicode text.
public struct DecodedDocument: Artifact {
    public var id: DocumentID
    public var source: Source
    public var encoding: EncodingInfo
    /// The decoded text; its lines are the `line` numbers every later stage refers to.
    public var text: String
    public var diagnostics: [Diagnostic]

    public init(id: DocumentID, source: Source, encoding: EncodingInfo, text: String, diagnostics: [Diagnostic]) {
        self.id = id
        self.source = source
        self.encoding = encoding
        self.text = text
        self.diagnostics = diagnostics
    }
}
