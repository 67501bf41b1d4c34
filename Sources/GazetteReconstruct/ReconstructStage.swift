import GazetteCore

/// Options of the reconstruct stage.
public struct ReconstructOptions: StageOptions {
    /// The national formats, one YAML file each (`Pipelines/templates/`).
    public var templates: [DataFile]
    /// Label similarity (0–1) below which a label does not match a template label.
    public var labelThreshold: Double
    /// The family a report belongs to when its tables match the templates.
    public var family: String
    /// A document with more value cells than this fails with `reconstruct.too-many-cells`.
    public var maxCells: Int

    enum CodingKeys: String, CodingKey {
        case templates, family
        case labelThreshold = "label_threshold"
        case maxCells = "max_cells"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        templates = try c.decodeIfPresent([DataFile].self, forKey: .templates)
            ?? [DataFile.resolve("templates/national-2019.yaml", decoder: decoder),
                DataFile.resolve("templates/national-2021.yaml", decoder: decoder)]
        labelThreshold = try c.decodeIfPresent(Double.self, forKey: .labelThreshold) ?? 0.75
        family = try c.decodeIfPresent(String.self, forKey: .family) ?? "gov-disclosure-annual-report"
        maxCells = try c.decodeIfPresent(Int.self, forKey: .maxCells) ?? 50_000
    }
}

/// Reconstruct: the flattened tables back into grids on the template's canonical keys, with their checks,
/// and the whole report object assembled.
public struct ReconstructStage: Stage {
    public static let id = StageID.reconstruct
    // 9: run-together digits are cut with fewer dead ends, so a row that used to run out of steps may now be read.
    // 16: empty cells of one-cell-per-line tables read against the document's line spacing (CellSpacing); rows
    // that drop their empty cells read every way the identities allow (DroppedBlanks, CombinationSearch);
    // signed changes run together cut at their signs; checks skip ambiguous cells; tables stated in a sentence.
    public static let version = 19

    public let options: ReconstructOptions
    let library: TemplateLibrary
    private let tokenizer: Tokenizer
    private let matcher: LabelMatcher

    public init(options: ReconstructOptions) throws {
        self.options = options
        do {
            library = try TemplateLibrary(files: options.templates.map { ($0.path, $0.contents) })
        } catch {
            throw GazetteError(stage: .reconstruct, code: GazetteError.Code(rawValue: "reconstruct.template-invalid"),
                               message: "\(error)")
        }
        matcher = LabelMatcher(library: library, threshold: options.labelThreshold)
        tokenizer = Tokenizer(scanner: LabelScanner(library: library),
                              tableSections: Set(library.formats.flatMap(\.tables).map(\.section)))
    }

    public func run(_ input: NormalizedDocument) async throws -> Report {
        var diagnostics = input.diagnostics
        let content = input.content
        let reader = TableReader(matcher: matcher)
        let (tokens, pageNumberLines) = try tokenizer.tokens(of: content)
        if let first = pageNumberLines.first {
            diagnostics.append(Diagnostic(
                stage: .reconstruct, severity: .info, code: "reconstruct.page-numbers",
                message: "\(pageNumberLines.count) page-number line(s) skipped (lines \(pageNumberLines.map(String.init).joined(separator: ", ")))",
                line: first))
        }
        let values = tokens.reduce(0) { $0 + ($1.isValue ? 1 : 0) }
        if values > options.maxCells {
            throw GazetteError(stage: .reconstruct, code: .reconstructTooManyCells,
                               message: "the document has \(values) value cells, more than max_cells (\(options.maxCells))",
                               input: input.source.uri)
        }
        let builder = TableBuilder(library: library, threshold: options.labelThreshold)
        var instances = reader.read(tokens).filter { $0.rows.contains { !$0.values.isEmpty } }
        if let spacing = CellSpacing.learn(from: instances) {
            instances = spacing.placingSlots(in: instances)
            if spacing.isSpaced {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .info, code: "reconstruct.cell-spacing",
                    message: "tables written one cell per line, \(spacing.cell) lines from cell to cell and \(spacing.row) from a row's end to the next row: only longer gaps are empty cells"))
            }
        }
        let fits = instances.map(builder.fittingFormats)
        var format = Self.majorityFormat(fits.map { $0.map(\.format) })

        // One table per key: the one in its template section with the most values; any other reading of the
        // same key is kept as a generic table, so nothing read is lost.
        let chosen = Self.chooseOnePerKey(instances, library: library)
        let mappings = instances.indices.map { builder.mapping(instances[$0], tied: fits[$0], preferred: format, grids: content.grids) }
        // A copy that prints only the non-empty cells of one table does so in all of them.
        let dropsBlanks = mappings.contains { $0?.showsDroppedBlanks() == true }
        var tables: [Report.Table] = []
        var generic = 0
        for (index, instance) in instances.enumerated() {
            guard var table = try mappings[index]?.map(documentDropsBlanks: dropsBlanks, diagnostics: &diagnostics)
            else { continue }
            if chosen[instance.key] != index {
                generic += 1
                diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.repeated-table",
                                              message: "another reading of \(table.key) was found; kept as table-\(generic)",
                                              line: table.rows.first?.line))
                table.key = "table-\(generic)"
                table.template = nil
                for row in table.rows.indices { table.rows[row].key = nil }
                table.checks = []
            }
            tables.append(table)
        }
        var seen = Set(tables.map(\.key))
        // A report with no table of the template may still state its tables in sentences (`2019年未收到政府信息
        // 公开申请。`): its year says which format it would have used.
        let statedFormat = format ?? (Self.readsAsAnnualReport(content) ? content.year.flatMap(Self.formatOfYear) : nil)
        if let statedFormat {
            // Tables the report states in a sentence instead: named, and read only where the sentence says all.
            let expected = library.formats.first { $0.format == statedFormat }?.tables.map(\.key) ?? []
            let stated = StatedTables(library: library).read(missing: expected.filter { !seen.contains($0) }, format: statedFormat,
                                                             content: content, diagnostics: &diagnostics)
            tables += stated
            seen.formUnion(stated.map(\.key))
            if format == nil, !stated.isEmpty { format = statedFormat }
        }
        // Real tables none of whose rows belong to a template table are kept whole, as generic tables.
        let usedGrids = Set(instances.flatMap(\.gridRows).map(\.grid))
        for (index, grid) in content.grids.enumerated() where !usedGrids.contains(index) {
            generic += 1
            tables.append(Report.Table(key: "table-\(generic)", title: nil, template: nil, header: [], rows: [],
                                       grid: grid.rows.map { $0.map(\.text) }, checks: []))
        }
        if let format {
            let expected = library.formats.first { $0.format == format }?.tables.map(\.key) ?? []
            for key in expected where !seen.contains(key) {
                diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.table-missing",
                                              message: "no \(key) table was found"))
            }
        }
        if format == nil, Self.readsAsAnnualReport(content) {
            // Tables published as images or attachments leave a report with its prose only; a data team
            // should see that from the diagnostics, not only from `family: generic`.
            if let year = content.year, year < Self.firstTemplateYear {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .info, code: "reconstruct.no-template-tables",
                    message: "a report for \(year), before the national template (first used for the \(Self.firstTemplateYear) reports): it has no template tables"))
            } else {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .warning, code: "reconstruct.no-template-tables",
                    message: "the document is laid out as an annual report (numbered sections), but no table of the template was found: its tables may be images or attachments"))
            }
        }
        let failed = tables.flatMap(\.checks).filter { $0.ok == false }.count
        if failed > 0 {
            diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.checks-failed",
                                          message: "\(failed) identity checks fail on the published numbers"))
        }
        return Report(id: input.id, source: input.source, encoding: input.encoding, script: input.script,
                      title: content.title, agency: content.agency, year: content.year,
                      family: format == nil ? Report.genericFamily : options.family, template: format,
                      sections: Self.sections(of: input), tables: tables, diagnostics: diagnostics,
                      published: content.published)
    }

    /// The year of the first reports on the national template (the 2019 format); the 2021 format followed.
    static let firstTemplateYear = 2019

    /// The template format a report of `year` would follow (国办公开办函〔2019〕60号 set the format of the 2019
    /// reports, 〔2021〕30号 the revised one of the 2021 reports; research/template.md); nil before the template.
    static func formatOfYear(_ year: Int) -> String? {
        year >= 2021 ? "2021" : year >= firstTemplateYear ? "2019" : nil
    }

    /// Whether a document is laid out as the template's reports are: three of its numbered sections at least
    /// (extract finds them by the pipeline's section words).
    static func readsAsAnnualReport(_ content: DocumentText) -> Bool {
        Set(content.sections.map(\.number).filter { $0 > 0 }).count >= 3
    }

    /// For each table key, the index of the instance that stands for it.
    private static func chooseOnePerKey(_ instances: [TableInstance], library: TemplateLibrary) -> [String: Int] {
        var chosen: [String: Int] = [:]
        func rank(_ instance: TableInstance) -> (Int, Int) {
            let section = library.tables[instance.key]?.variants.first?.table.section
            return (instance.section == section ? 1 : 0, instance.rows.map(\.values.count).reduce(0, +))
        }
        for (index, instance) in instances.enumerated() {
            if let current = chosen[instance.key], rank(instances[current]) >= rank(instance) { continue }
            chosen[instance.key] = index
        }
        return chosen
    }

    /// The format most template tables follow alone (shared tables do not vote); ties go to the newer format.
    private static func majorityFormat(_ fits: [[String]]) -> String? {
        var votes: [String: Int] = [:]
        for formats in fits where formats.count == 1 { votes[formats[0], default: 0] += 1 }
        if let winner = votes.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { return winner.key }
        return fits.first?.first
    }

    private static func sections(of document: NormalizedDocument) -> [Report.Section] {
        let content = document.content
        return content.sections.map { span in
            let text = joinedLines(content.lines[span.start..<span.end].lazy.map(\.text))
            let original = document.original.map { original in joinedLines(original.lines[span.start..<span.end]) }
            return Report.Section(number: span.number, heading: span.heading, text: text, line: span.headingLine,
                                  original: original)
        }
    }

    /// Lines joined by line feeds into a string sized once: a section holds the report's prose, and joining
    /// an array of its lines grew the string step by step.
    private static func joinedLines(_ lines: some Collection<String>) -> String {
        var text = String()
        text.reserveCapacity(lines.reduce(max(0, lines.count - 1)) { $0 + $1.utf8.count })
        for (index, line) in lines.enumerated() {
            if index > 0 { text.append("\n") }
            text.append(line)
        }
        return text
    }
}
