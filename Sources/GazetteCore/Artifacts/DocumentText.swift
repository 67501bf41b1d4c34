/// The structure found in a document: its title, its lines grouped into sections, and any real table grids.
///
/// The extract stage produces it from the decoded text; the normalize stage converts its script in place.
public struct DocumentText: Codable, Sendable, Equatable {
    public enum Format: String, Codable, Sendable { case text, html }

    public var format: Format
    public var title: String?
    public var titleLine: Int?
    /// The publishing agency, as found in the title (or the page's metadata).
    public var agency: String?
    /// The year the report covers.
    public var year: Int?
    /// The publication date the page's metadata gives, as written.
    public var published: String?
    /// The body lines in reading order, empty lines and dropped boilerplate excluded.
    public var lines: [TextLine]
    /// The numbered sections; each covers a run of `lines`.
    public var sections: [SectionSpan]
    /// Tables found as real markup (HTML); flattened tables stay in `lines`.
    public var grids: [SourceGrid]

    public init(format: Format, title: String? = nil, titleLine: Int? = nil, agency: String? = nil,
                year: Int? = nil, published: String? = nil, lines: [TextLine], sections: [SectionSpan],
                grids: [SourceGrid] = []) {
        self.format = format
        self.published = published
        self.title = title
        self.titleLine = titleLine
        self.agency = agency
        self.year = year
        self.lines = lines
        self.sections = sections
        self.grids = grids
    }

    enum CodingKeys: String, CodingKey {
        case format, title, agency, year, published, lines, sections, grids
        case titleLine = "title_line"
    }
}

/// A numbered section of the report: its heading and the lines of its body.
public struct SectionSpan: Codable, Sendable, Equatable {
    /// 1 to 6 for the template's sections; 0 for the preamble before section 一.
    public var number: Int
    public var heading: String
    /// The heading's line, nil for the preamble.
    public var headingLine: Int?
    /// Indices into ``DocumentText/lines``: the body is `lines[start..<end]`.
    public var start: Int
    public var end: Int

    public init(number: Int, heading: String, headingLine: Int?, start: Int, end: Int) {
        self.number = number
        self.heading = heading
        self.headingLine = headingLine
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey {
        case number, heading, start, end
        case headingLine = "heading_line"
    }
}

/// A table as a browser would lay it out: spans expanded, one string per cell.
public struct SourceGrid: Codable, Sendable, Equatable {
    public struct Cell: Codable, Sendable, Equatable {
        public var text: String
        public var line: Int
        /// A copy of a cell that spans into this position (rowspan or colspan), not a cell of its own.
        public var spanned: Bool

        public init(text: String, line: Int, spanned: Bool = false) {
            self.text = text
            self.line = line
            self.spanned = spanned
        }

        enum CodingKeys: String, CodingKey { case text, line, spanned }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decode(String.self, forKey: .text)
            line = try c.decode(Int.self, forKey: .line)
            spanned = try c.decodeIfPresent(Bool.self, forKey: .spanned) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(line, forKey: .line)
            if spanned { try c.encode(spanned, forKey: .spanned) }
        }
    }

    public var rows: [[Cell]]
    /// Index into ``DocumentText/lines`` of the first line after the table, so it can be placed in a section.
    public var position: Int

    public init(rows: [[Cell]], position: Int) {
        self.rows = rows
        self.position = position
    }
}
