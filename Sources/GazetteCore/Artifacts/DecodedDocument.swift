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
    /// Every candidate encoding considered, in order, with why it was taken or rejected.
    public var evidence: [Evidence]

    public init(name: String, declared: String? = nil, method: Method, invalidBytes: Int, evidence: [Evidence] = []) {
        self.name = name
        self.declared = declared
        self.method = method
        self.invalidBytes = invalidBytes
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case name, declared, method, evidence
        case invalidBytes = "invalid_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        declared = try c.decodeIfPresent(String.self, forKey: .declared)
        method = try c.decode(Method.self, forKey: .method)
        invalidBytes = try c.decode(Int.self, forKey: .invalidBytes)
        evidence = try c.decodeIfPresent([Evidence].self, forKey: .evidence) ?? []
    }

    /// One candidate encoding and what became of it.
    public struct Evidence: Codable, Sendable, Equatable {
        /// Where the candidate came from: `bom`, `header`, `meta`, `xml`, `detected` (uchardet or the
        /// byte pattern of UTF-16), `fallback`.
        public var from: String
        /// The label as found (`gb2312`, `x-gbk`), when the candidate came from a label.
        public var label: String?
        /// The iconv name it maps to; nil for a label that names no known encoding.
        public var encoding: String?
        public var taken: Bool
        /// Why: `decodes cleanly`, `12 invalid bytes`, `unknown label`, `not tried: an earlier candidate decodes cleanly`.
        public var reason: String

        public init(from: String, label: String? = nil, encoding: String?, taken: Bool, reason: String) {
            self.from = from
            self.label = label
            self.encoding = encoding
            self.taken = taken
            self.reason = reason
        }
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
