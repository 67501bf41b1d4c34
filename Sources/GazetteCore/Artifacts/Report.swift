/// The report object of SPEC.md: one line of `reports.jsonl`, the reconstruct stage's output.
public struct Report: Artifact {
    public static let genericFamily = "generic"

    public var id: DocumentID
    public var source: Source
    public var encoding: EncodingInfo
    public var script: ScriptInfo
    public var title: String?
    public var agency: String?
    public var year: Int?
    /// The publication date the page gives, as written; nil for text without one.
    public var published: String?
    /// The pipeline's family when the document's tables matched its templates, else `generic`.
    public var family: String
    /// The national format most of the tables follow (`2019`, `2021`), nil when none matched.
    public var template: String?
    public var sections: [Section]
    public var tables: [Table]
    public var diagnostics: [Diagnostic]

    public init(id: DocumentID, source: Source, encoding: EncodingInfo, script: ScriptInfo, title: String?,
                agency: String?, year: Int?, family: String, template: String?, sections: [Section],
                tables: [Table], diagnostics: [Diagnostic], published: String? = nil) {
        self.id = id
        self.published = published
        self.source = source
        self.encoding = encoding
        self.script = script
        self.title = title
        self.agency = agency
        self.year = year
        self.family = family
        self.template = template
        self.sections = sections
        self.tables = tables
        self.diagnostics = diagnostics
    }

    enum CodingKeys: String, CodingKey {
        case id, source, encoding, script, title, agency, year, published, family, template, sections, tables,
             diagnostics
    }

    /// SPEC.md lists `title`, `agency`, `year` and `template` without `?`: they are always written, as null
    /// when the document does not give them, so every line of `reports.jsonl` has the same keys. `published`
    /// is optional and left out when absent. (Reading accepts both: a missing key reads as nil.)
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(encoding, forKey: .encoding)
        try container.encode(script, forKey: .script)
        try container.encode(title, forKey: .title)
        try container.encode(agency, forKey: .agency)
        try container.encode(year, forKey: .year)
        try container.encodeIfPresent(published, forKey: .published)
        try container.encode(family, forKey: .family)
        try container.encode(template, forKey: .template)
        try container.encode(sections, forKey: .sections)
        try container.encode(tables, forKey: .tables)
        try container.encode(diagnostics, forKey: .diagnostics)
    }

    /// One numbered section of prose.
    public struct Section: Codable, Sendable, Equatable {
        public var number: Int
        public var heading: String
        public var text: String
        /// The heading's source line.
        public var line: Int?
        /// The text before script conversion, when it was converted.
        public var original: String?

        public init(number: Int, heading: String, text: String, line: Int?, original: String? = nil) {
            self.number = number
            self.heading = heading
            self.text = text
            self.line = line
            self.original = original
        }
    }
}
