import Foundation
import GazetteCore

/// Options of the extract stage.
public struct ExtractOptions: StageOptions {
    /// Trailing lines at most this many characters long, without sentence punctuation, are site chrome
    /// (`相关词条`, `联系我们`) and are dropped from the end of the last section.
    public var boilerplateMaxCharacters: Int = 12
    /// Lines longer than this are never section headings.
    public var headingMaxCharacters: Int = 40
    /// A document with more lines than this fails with `extract.too-many-lines` (a report has a few hundred).
    public var maxLines: Int = 200_000
    /// Words that mark each numbered section's heading (in both scripts: extract runs before normalize).
    /// A heading run together with the text around it (`…成效。二、主动公开政府信息情况 第二十条…`) is cut out
    /// of its line only when one of its section's words follows the numeral, so a table row such as
    /// `四、结转下年度继续办理` inside section 三 is never taken for heading 四.
    public var sectionKeywords: [String: [String]] = [
        "1": ["总体情况", "總體情況", "概述"],
        "2": ["主动公开", "主動公開"],
        "3": ["收到和处理", "收到和處理", "依申请公开", "依申請公開"],
        "4": ["行政复议", "行政複議", "行政復議", "行政诉讼", "行政訴訟"],
        "5": ["存在的主要问题", "存在的主要問題", "存在问题", "存在問題", "主要问题", "主要問題"],
        "6": ["其他需要报告", "其他需要報告"],
    ]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case boilerplateMaxCharacters = "boilerplate_max_characters"
        case headingMaxCharacters = "heading_max_characters"
        case sectionKeywords = "section_keywords"
        case maxLines = "max_lines"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ExtractOptions()
        boilerplateMaxCharacters = try c.decodeIfPresent(Int.self, forKey: .boilerplateMaxCharacters)
            ?? defaults.boilerplateMaxCharacters
        headingMaxCharacters = try c.decodeIfPresent(Int.self, forKey: .headingMaxCharacters)
            ?? defaults.headingMaxCharacters
        sectionKeywords = try c.decodeIfPresent([String: [String]].self, forKey: .sectionKeywords)
            ?? defaults.sectionKeywords
        maxLines = try c.decodeIfPresent(Int.self, forKey: .maxLines) ?? defaults.maxLines
    }
}

/// Extract: decoded text to structure: the title (with agency and year), the body lines, the numbered
/// sections, and trailing site boilerplate dropped.
///
/// HTML is read with libxml2 into the same line form (one line per block and per table cell), so the rest of
/// the pipeline treats a page and a text copy alike; each line keeps the source line it came from.
public struct ExtractStage: Stage {
    public static let id = StageID.extract
    public static let version = 10

    public let options: ExtractOptions

    public init(options: ExtractOptions) { self.options = options }

    public func run(_ input: DecodedDocument) async throws -> ExtractedDocument {
        var diagnostics = input.diagnostics
        let isHTML = DocumentFormat.looksLikeHTML(input.text, uri: input.source.uri,
                                                  contentType: input.source.contentType)
        var lines: [TextLine]
        var pageTitles: [String] = []
        var grids: [SourceGrid] = []
        var published: String?
        var contentSource: String?
        if isHTML {
            let page = try HTMLText.read(input.text, uri: input.source.uri)
            lines = page.lines
            pageTitles = page.titles
            grids = page.grids
            published = page.published
            contentSource = page.contentSource
        } else {
            (lines, grids) = MarkdownTables.extract(TextLines.split(input.text))
        }
        // Reading the page is linear in its size; what follows is per line. The budget is checked in between.
        try TimeBudget.check(.extract)
        let cellCount = grids.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.count } }
        if lines.count + cellCount > options.maxLines {
            throw GazetteError(stage: .extract, code: .extractTooManyLines,
                               message: "the document has \(lines.count) lines and \(cellCount) table cells, more than max_lines (\(options.maxLines))",
                               input: input.source.uri)
        }
        guard !lines.isEmpty || !grids.isEmpty else {
            throw GazetteError(stage: .extract, code: .extractNoText, message: "the document holds no text",
                               input: input.source.uri)
        }

        // A record of a crawler's export brings its own title, date and site: evidence where the content
        // has none (the page's text often starts below its title).
        let record = input.source.record
        let heading = TitleFinder.find(in: lines, pageTitles: pageTitles, recordTitle: record?.title.flatMap(Self.recordTitle))
        if let index = heading.lineIndex {
            lines.remove(at: index)
            for grid in grids.indices where grids[grid].position > index { grids[grid].position -= 1 }
        }
        let naming: (agency: String?, year: Int?) = heading.title.map(TitleFinder.agencyAndYear(in:)) ?? (nil, nil)
        published = published ?? record?.date.flatMap(Self.nonEmpty)

        let outline = SectionOutline(options: options)
        (lines, grids) = outline.splittingInlineHeadings(lines, grids: grids)
        var sections = outline.sections(of: lines)
        let dropped = BoilerplateTrimmer(maxCharacters: options.boilerplateMaxCharacters)
            .trim(&lines, sections: &sections)
        for grid in grids.indices { grids[grid].position = min(grids[grid].position, lines.count) }
        if !dropped.isEmpty {
            diagnostics.append(Diagnostic(
                stage: .extract, severity: .info, code: "extract.boilerplate-dropped",
                message: "dropped trailing site chrome: \(dropped.map(\.text).joined(separator: " | "))",
                line: dropped.first?.line))
        }
        if sections.allSatisfy({ $0.number == 0 }) {
            diagnostics.append(Diagnostic(stage: .extract, severity: .warning, code: "extract.no-sections",
                                          message: "no numbered section headings (一、 … 六、) were found"))
        }
        let content = DocumentText(format: isHTML ? .html : .text, title: heading.title, titleLine: heading.line,
                                   agency: naming.agency ?? contentSource ?? record?.agency.flatMap(Self.nonEmpty).flatMap { $0.contains("://") ? nil : $0 },
                                   year: naming.year, published: published,
                                   lines: lines, sections: sections, grids: grids)
        return ExtractedDocument(id: input.id, source: input.source, encoding: input.encoding, content: content,
                                 diagnostics: diagnostics)
    }

    /// A record's title as a title: crawlers cut long ones with `...` or `…`, which is not part of it.
    private static func recordTitle(_ text: String) -> String? {
        var title = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = title.last, last == "." || last == "…" { title.removeLast() }
        return title.isEmpty ? nil : title
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
