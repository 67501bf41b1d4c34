import GazetteCore

/// Maps one table read from the document onto one format's definition of it.
struct TableMapping {
    let instance: TableInstance
    let template: TableTemplate
    let format: String
    let threshold: Double

    private var columns: [HeaderTemplate] { template.columns }

    func map(diagnostics: inout [Diagnostic]) -> Report.Table {
        var rows: [Report.Row] = []
        let header = HeaderGrid(template: template, tokens: instance.headerTokens, threshold: threshold)
        var grid = header.rows
        var used = Set<String>()
        var lastTemplateIndex = -1
        let width = columns.count

        for raw in instance.rows {
            let label = raw.label?.text ?? ""
            let matchedIndex = raw.label.flatMap(templateRowIndex(for:))
            if let index = matchedIndex, template.rows[index].isGroup {
                grid.append([label] + Array(repeating: "", count: width))
                lastTemplateIndex = index
                if raw.values.isEmpty { continue }
            }
            let chunks = stride(from: 0, to: max(raw.values.count, 1), by: width).map {
                Array(raw.values[$0..<min($0 + width, raw.values.count)])
            }
            for (chunkNumber, chunk) in chunks.enumerated() where !chunk.isEmpty || raw.label != nil {
                var key: String?
                var positional = false
                if chunkNumber == 0, let index = matchedIndex, let rowKey = template.rows[index].key {
                    if used.contains(rowKey) {
                        diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.duplicate-row",
                                                      message: "\(instance.key): a second row reads as \(rowKey) ('\(label)'); kept without a key",
                                                      line: raw.label?.line))
                    } else {
                        key = rowKey
                        lastTemplateIndex = index
                    }
                } else if !chunk.isEmpty, let index = nextRowIndex(after: lastTemplateIndex, used: used, labelled: raw.label != nil && chunkNumber == 0) {
                    key = template.rows[index].key
                    positional = !template.rows[index].unlabelled
                    lastTemplateIndex = index
                    if positional {
                        diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.positional-row",
                                                      message: "\(instance.key): \(chunk.count) values without a matching label placed as row \(key!) by position",
                                                      line: chunk.first?.line))
                    }
                }
                if let key { used.insert(key) }
                if chunk.count != width, !chunk.isEmpty || key != nil {
                    diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.row-width",
                                                  message: "\(instance.key): row '\(chunkNumber == 0 ? label : "")' has \(chunk.count) values where the \(format) format has \(width) columns",
                                                  line: raw.label?.line ?? chunk.first?.line))
                }
                let cells = chunk.enumerated().map { offset, token in
                    cell(token, column: columns[offset], flag: positional ? .positional : nil, diagnostics: &diagnostics)
                }
                rows.append(Report.Row(key: key, label: chunkNumber == 0 ? label : "", line: raw.label?.line ?? chunk.first?.line,
                                       cells: cells))
                grid.append([chunkNumber == 0 ? label : ""] + chunk.map(\.text)
                            + Array(repeating: "", count: max(0, width - chunk.count)))
            }
        }
        let checks = IdentityChecker(template: template).check(rows)
        return Report.Table(key: template.key, title: instance.caption?.text ?? template.title, template: format,
                            header: header.tree,
                            rows: rows, grid: grid, checks: checks)
    }

    private func cell(_ token: Token, column: HeaderTemplate, flag: Report.Cell.Flag?,
                      diagnostics: inout [Diagnostic]) -> Report.Cell {
        let kind = column.kind ?? .count
        let parsed = CellValue.read(token.text, kind: kind)
        var value = parsed.value
        if parsed.unreadable || !parsed.fits(kind) {
            diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.unreadable-cell",
                                          message: "\(instance.key).\(column.column ?? "?"): '\(token.text)' is not a \(kind.rawValue)",
                                          line: token.line))
            value = nil
        }
        let unit = parsed.unit ?? (value == nil ? nil : column.unit)
        return Report.Cell(column: column.column, value: value, raw: token.text, unit: unit, line: token.line, flag: flag)
    }

    /// The template row a label reads as, if it reads as one well enough.
    private func templateRowIndex(for token: Token) -> Int? {
        guard case .label(let key) = token.kind else { return nil }
        var best: (index: Int, score: Double)?
        for (index, row) in template.rows.enumerated() where !row.unlabelled {
            let score = row.labels.map { LabelMatcher.score(key, LabelKey.template($0, number: row.number)) }.max() ?? 0
            if score >= threshold, score > (best?.score ?? 0) { best = (index, score) }
        }
        return best?.index
    }

    /// The next data row of the template after `index` not yet read: where values without a label belong.
    private func nextRowIndex(after index: Int, used: Set<String>, labelled: Bool) -> Int? {
        if !labelled, let unlabelled = template.rows.firstIndex(where: { $0.unlabelled }),
           !used.contains(template.rows[unlabelled].key!) {
            return unlabelled
        }
        guard !labelled else { return nil }
        return template.rows.indices.first { $0 > index && !template.rows[$0].isGroup && !template.rows[$0].unlabelled
            && !used.contains(template.rows[$0].key!) }
    }
}
