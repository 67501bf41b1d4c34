/// The extract stage's output.
public struct ExtractedDocument: Artifact {
    public var id: DocumentID
    public var source: Source
    public var encoding: EncodingInfo
    public var content: DocumentText
    public var diagnostics: [Diagnostic]

    public init(id: DocumentID, source: Source, encoding: EncodingInfo, content: DocumentText,
                diagnostics: [Diagnostic]) {
        self.id = id
        self.source = source
        self.encoding = encoding
        self.content = content
        self.diagnostics = diagnostics
    }
}

/// The script of a document and what was done about it (the report object's `script`).
public struct ScriptInfo: Codable, Sendable, Equatable {
    public enum Script: String, Codable, Sendable {
        case simplified = "zh-Hans"
        case traditional = "zh-Hant"
        case mixed
        case none
    }

    public var detected: Script
    public var convertedTo: String?
    /// The converter that was applied, e.g. `opencc:tw2sp+gov-phrases`.
    public var converter: String?

    public init(detected: Script, convertedTo: String? = nil, converter: String? = nil) {
        self.detected = detected
        self.convertedTo = convertedTo
        self.converter = converter
    }

    enum CodingKeys: String, CodingKey {
        case detected, converter
        case convertedTo = "converted_to"
    }
}

/// The normalize stage's output: the extracted structure in simplified script, the original beside it.
public struct NormalizedDocument: Artifact {
    public var id: DocumentID
    public var source: Source
    public var encoding: EncodingInfo
    public var script: ScriptInfo
    /// The converted structure.
    public var content: DocumentText
    /// The text before conversion, line for line with `content.lines`; nil when nothing was converted.
    public var original: OriginalText?
    public var diagnostics: [Diagnostic]

    public init(id: DocumentID, source: Source, encoding: EncodingInfo, script: ScriptInfo, content: DocumentText,
                original: OriginalText?, diagnostics: [Diagnostic]) {
        self.id = id
        self.source = source
        self.encoding = encoding
        self.script = script
        self.content = content
        self.original = original
        self.diagnostics = diagnostics
    }
}

/// The text of a document as it was before script conversion.
public struct OriginalText: Codable, Sendable, Equatable {
    public var title: String?
    public var lines: [String]

    public init(title: String?, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}
