import GazetteCore

/// Options of the reconstruct stage.
public struct ReconstructOptions: StageOptions {
    /// The national formats, one YAML file each (`Pipelines/templates/`).
    public var templates: [DataFile]
    /// Label similarity (0–1) below which a label does not match a template label.
    public var labelThreshold: Double
    /// The family a report belongs to when its tables match the templates.
    public var family: String

    enum CodingKeys: String, CodingKey {
        case templates, family
        case labelThreshold = "label_threshold"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        templates = try c.decodeIfPresent([DataFile].self, forKey: .templates)
            ?? [DataFile.resolve("templates/national-2019.yaml", decoder: decoder),
                DataFile.resolve("templates/national-2021.yaml", decoder: decoder)]
        labelThreshold = try c.decodeIfPresent(Double.self, forKey: .labelThreshold) ?? 0.75
        family = try c.decodeIfPresent(String.self, forKey: .family) ?? "gov-disclosure-annual-report"
    }
}

/// Reconstruct: the flattened tables back into grids on the template's canonical keys, with their checks,
/// and the whole report object assembled.
public struct ReconstructStage: Stage {
    public static let id = StageID.reconstruct
    public static let version = 1

    public let options: ReconstructOptions
    private let library: TemplateLibrary

    public init(options: ReconstructOptions) throws {
        self.options = options
        do {
            library = try TemplateLibrary(files: options.templates.map { ($0.path, $0.contents) })
        } catch {
            throw GazetteError(stage: .reconstruct, code: GazetteError.Code(rawValue: "reconstruct.template-invalid"),
                               message: "\(error)")
        }
    }

    public func run(_ input: NormalizedDocument) throws -> Report {
        var diagnostics = input.diagnostics
        let content = input.content
        let reader = TableReader(matcher: LabelMatcher(library: library, threshold: options.labelThreshold))
        let builder = TableBuilder(library: library, threshold: options.labelThreshold)
        let built = reader.read(Tokenizer.tokens(of: content)).compactMap { builder.build($0, diagnostics: &diagnostics) }

        let format = Self.majorityFormat(built)
        var tables: [Report.Table] = []
        var seen = Set<String>()
        var generic = 0
        for var item in built {
            if item.formats.count > 1, let format, item.formats.contains(format), item.table.template != format {
                // A table the formats share: rebuild it under the report's format so its `template` agrees.
                item.table.template = format
            }
            if !seen.insert(item.table.key).inserted {
                generic += 1
                diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.repeated-table",
                                              message: "a second \(item.table.key) table was found; kept as table-\(generic)",
                                              line: item.table.rows.first?.line))
                item.table.key = "table-\(generic)"
                item.table.template = nil
                for index in item.table.rows.indices { item.table.rows[index].key = nil }
                item.table.checks = []
            }
            tables.append(item.table)
        }
        for grid in content.grids {
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
        let failed = tables.flatMap(\.checks).filter { $0.ok == false }.count
        if failed > 0 {
            diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.checks-failed",
                                          message: "\(failed) identity checks fail on the published numbers"))
        }
        return Report(id: input.id, source: input.source, encoding: input.encoding, script: input.script,
                      title: content.title, agency: content.agency, year: content.year,
                      family: format == nil ? Report.genericFamily : options.family, template: format,
                      sections: Self.sections(of: input), tables: tables, diagnostics: diagnostics)
    }

    /// The format most template tables follow alone (shared tables do not vote); ties go to the newer format.
    private static func majorityFormat(_ built: [TableBuilder.Built]) -> String? {
        var votes: [String: Int] = [:]
        for item in built where item.formats.count == 1 { votes[item.formats[0], default: 0] += 1 }
        if let winner = votes.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) { return winner.key }
        return built.first?.formats.first
    }

    private static func sections(of document: NormalizedDocument) -> [Report.Section] {
        let content = document.content
        return content.sections.map { span in
            let text = content.lines[span.start..<span.end].map(\.text).joined(separator: "\n")
            let original = document.original.map { original in
                original.lines[span.start..<span.end].joined(separator: "\n")
            }
            return Report.Section(number: span.number, heading: span.heading, text: text, line: span.headingLine,
                                  original: original)
        }
    }
}
