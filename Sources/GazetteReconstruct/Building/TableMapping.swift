import GazetteCore

/// Maps one table read from the document onto one format's definition of it: each row to its canonical
/// key, each value (or each piece of run-together digits) to its column, with flags where the reading is
/// positional or ambiguous.
struct TableMapping {
    let instance: TableInstance
    let template: TableTemplate
    let format: String
    let threshold: Double
    /// The document's real tables: a table read from them shows their rows as its grid.
    let sourceGrids: [SourceGrid]
    /// The rows as planned, and what planning found: made once, for ``showsDroppedBlanks()`` and ``map``.
    private var planned: [PlannedRow] = []
    private var planDiagnostics: [Diagnostic] = []

    init(instance: TableInstance, template: TableTemplate, format: String, threshold: Double, sourceGrids: [SourceGrid] = []) {
        self.instance = instance
        self.template = template
        self.format = format
        self.threshold = threshold
        self.sourceGrids = sourceGrids
        var diagnostics: [Diagnostic] = []
        planned = plan(diagnostics: &diagnostics)
        planDiagnostics = diagnostics
    }

    /// A row as planned before its values are read: its label, key and value tokens.
    private struct PlannedRow {
        var label: String
        var key: String?
        var line: Int?
        var tokens: [Token]
        /// Every placement of the row's empty cells, when its layout leaves room for doubt (``RowCells``).
        var fallback: [Token]? = nil
        var isGroup = false
        var positional = false
        /// A data row printed as its label alone: its key, for a table that drops its empty cells.
        var emptyRowKey: String?
        /// Values on the label's line (run together or separated), not one cell per line nor from a grid.
        var isInline: Bool { line != nil && !tokens.isEmpty && tokens.allSatisfy { $0.line == line && $0.source == nil && !$0.isOptionalBlank } }
    }

    /// The table; `documentDropsBlanks` when another table of the document prints only its non-empty cells
    /// (``showsDroppedBlanks()``).
    func map(documentDropsBlanks: Bool = false, diagnostics: inout [Diagnostic]) throws -> Report.Table {
        let columns = template.columns, kinds = template.columnKinds
        let header = HeaderGrid(template: template, tokens: instance.headerTokens, threshold: threshold)
        diagnostics += planDiagnostics
        var planned = planned
        let dropsBlanks = Self.rowsAreInline(planned)
            && (documentDropsBlanks || Self.showsDroppedBlanks(planned, width: columns.count))
        if dropsBlanks {
            diagnostics.append(Diagnostic(
                stage: .reconstruct, severity: .info, code: "reconstruct.blanks-dropped",
                message: "\(instance.key): rows print only their non-empty cells; each row's values are placed where the identities allow, and a row printed as its label alone is empty",
                line: planned.first { !$0.tokens.isEmpty }?.line))
            // Its label-only rows are rows of empty cells.
            let used = Set(planned.compactMap(\.key))
            for index in planned.indices {
                guard let key = planned[index].emptyRowKey, !used.contains(key) else { continue }
                planned[index].key = key
                planned[index].isGroup = false
            }
        }
        let checker = template.checker

        var selectionRows: [ReadingSelection.Row] = []
        // Rows whose values could not fill the columns: kept in order, flagged.
        var unfitting = Set<Int>()
        for row in planned {
            if dropsBlanks, !row.isGroup, row.tokens.isEmpty, row.key != nil {
                let blank = RowReadings.Part(raw: "", line: row.line ?? 0, value: CellValue(value: nil, unit: nil))
                selectionRows.append(ReadingSelection.Row(key: row.key, readings: [Array(repeating: blank, count: columns.count)]))
                continue
            }
            guard !row.isGroup, !row.tokens.isEmpty else {
                selectionRows.append(ReadingSelection.Row(key: nil, readings: []))
                continue
            }
            let enumerated = try RowReadings.enumerate(row.tokens, columns: kinds)
            var readings = enumerated ?? []
            if enumerated == nil, !dropsBlanks, let key = row.key, !row.tokens.contains(where: \.isOptionalBlank) {
                // Too many cuts to list (a run of twenty digits): made again from the right, every column taking a
                // piece, the row's identities pruning as they go.
                readings = try RowReadings.droppingBlanks(row.tokens, columns: kinds, cutsRuns: true,
                                                          bound: checker.partialBound(row: key, columns: columns),
                                                          allowsBlanks: false) { reading in
                    ReadingSelection.keepsRowIdentities(reading, key: key, checker: checker)
                } ?? []
            }
            if dropsBlanks, row.isInline {
                // The values in any columns, the others empty. A run with nothing beside it may be cut anywhere
                // (its readings with no empty cell among them); separated values are one cell each, beside the
                // row's ordinary readings.
                let bound = row.key.map { checker.partialBound(row: $0, columns: columns) } ?? { _, _ in true }
                let placed = try RowReadings.droppingBlanks(row.tokens, columns: kinds, cutsRuns: row.tokens.count == 1,
                                                            bound: bound) { reading in
                    row.key.map { ReadingSelection.keepsRowIdentities(reading, key: $0, checker: checker) } ?? true
                }
                if let placed, !placed.isEmpty { readings = row.tokens.count == 1 ? placed : readings + placed }
            }
            if readings.isEmpty {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .warning, code: "reconstruct.row-width",
                    message: "\(instance.key): the values of row '\(row.label)' (\(row.tokens.map(\.text).joined(separator: " "))) cannot fill the \(columns.count) columns of the \(format) format",
                    line: row.line))
                // Keep what was read, in order, so nothing is lost; unreadable pieces stay unknown. Not a reading
                // the row allows: its cells are flagged.
                readings = [zip(row.tokens.filter { !$0.isOptionalBlank }, columns).map { token, column in
                    RowReadings.Part(raw: token.text, line: token.line, value: CellValue.read(token.text))
                }]
                unfitting.insert(selectionRows.count)
            }
            let fallback = try row.fallback.flatMap { try RowReadings.enumerate($0, columns: kinds) } ?? []
            selectionRows.append(ReadingSelection.Row(key: row.key, readings: readings, fallback: fallback))
        }
        let choice = try ReadingSelection(template: template).choose(selectionRows)

        var rows: [Report.Row] = []
        var grid = header.rows
        // What a cell takes of its column, apart: a column read out of `columns` is a copy of the whole template
        // node, its labels, variants and children retained, for every cell.
        let cellColumns = zip(columns, kinds).map { CellColumn(column: $0.column, kind: $1, unit: $0.unit) }
        for (index, row) in planned.enumerated() {
            let reading = choice.readings[index]
            if row.isGroup || reading.isEmpty {
                grid.append([row.label] + Array(repeating: "", count: columns.count))
                continue
            }
            let cells = reading.enumerated().map { offset, part in
                // A cell of a row that could not fill the columns: this value, or none (it belongs elsewhere).
                let alternatives = choice.alternatives[index][offset]
                    ?? (unfitting.contains(index) && part.value.value != nil && part.value.fits(cellColumns[offset].kind)
                        ? [part.value.value, nil] : nil)
                let flag: Report.Cell.Flag? = alternatives != nil ? .ambiguous : (row.positional ? .positional : nil)
                return cell(part, column: cellColumns[offset], flag: flag, alternatives: alternatives, diagnostics: &diagnostics)
            }
            if cells.contains(where: { $0.flag == .ambiguous }) {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .warning, code: "reconstruct.ambiguous",
                    message: "\(instance.key): '\(row.tokens.map(\.text).joined(separator: " "))' in row \(row.key ?? row.label) reads several ways that no identity separates",
                    line: row.line))
            }
            rows.append(Report.Row(key: row.key, label: row.label, line: row.line, cells: cells))
            grid.append([row.label] + reading.map(\.raw) + Array(repeating: "", count: max(0, columns.count - reading.count)))
        }
        if !instance.gridRows.isEmpty, !instance.rowsFromText {
            // Read from real tables: the grid is their rows exactly as laid out.
            grid = instance.gridRows.map { source in sourceGrids[source.grid].rows[source.row].map(\.text) }
        }
        var checks = template.checker.check(rows)
        if rows.contains(where: { $0.cells.contains { $0.flag == .positional } }), checks.contains(where: { $0.ok == false }) {
            // A positional reading stands only if the identities hold; otherwise its rows keep their numbers
            // but not the keys the positions suggested.
            diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.positional-rejected",
                                          message: "\(instance.key): rows placed by position break the identities; their keys were withdrawn"))
            for index in rows.indices where rows[index].cells.contains(where: { $0.flag == .positional }) {
                rows[index].key = nil
            }
            checks = template.checker.check(rows)
        }
        return Report.Table(key: template.key, title: instance.caption?.text ?? template.title, template: format,
                            header: header.tree, rows: rows, grid: grid, checks: checks)
    }

    /// Assigns each row read to a template row: by its label, or by position for values without one.
    private func plan(diagnostics: inout [Diagnostic]) -> [PlannedRow] {
        let width = template.columns.count
        var planned: [PlannedRow] = []
        var used = Set<String>()
        var lastTemplateIndex = -1
        // Data labels with no values since the last row with some: values that fill several rows after them
        // may be theirs (a PDF copy's labels listed apart from their values) as much as the rows after.
        var labelsWithoutValues = 0
        for raw in reunitingTornLabels(instance.rows, width: width) {
            let label = raw.label?.text ?? ""
            let matchedIndex = raw.label.flatMap(templateRowIndex(for:))
            let isGroup = matchedIndex.map { template.rows[$0].isGroup } ?? false
            if let index = matchedIndex, isGroup || raw.values.isEmpty {
                // A group label (（三）不予公开), or a row label with no values: part of the grid, not data.
                planned.append(PlannedRow(label: label, key: nil, line: raw.label?.line, tokens: [], isGroup: true,
                                          emptyRowKey: isGroup ? nil : template.rows[index].key))
                if template.rows[index].isGroup { lastTemplateIndex = index }
                if !isGroup { labelsWithoutValues += 1 }
                if raw.values.isEmpty { continue }
            }
            let waitingLabels = labelsWithoutValues
            labelsWithoutValues = 0
            // The values with the row's empty cells; more cells than columns, in whole rows: the labels of the
            // rows after this one were lost.
            let rowCells = RowCells.cells(of: raw, width: width)
            let cells = rowCells.tokens
            if rowCells.placement == .open {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .info, code: "reconstruct.empty-cells-open",
                    message: "\(instance.key): the line gaps of row '\(label)' do not show where its empty cells are; every placement that fills the \(width) columns is read, and the identities choose",
                    line: raw.label?.line ?? raw.values.first?.line))
            }
            let chunks = rowCells.placement == .layout && cells.count > width && cells.count % width == 0
                ? stride(from: 0, to: cells.count, by: width).map { Array(cells[$0..<($0 + width)]) }
                : [cells]
            // Rows of values after labels that wait for theirs, in a number no reading could pair with them: which
            // row is whose is a guess by position, the label's own first row included.
            let byPosition = chunks.count > 1 && waitingLabels > 0
            if byPosition {
                diagnostics.append(Diagnostic(
                    stage: .reconstruct, severity: .warning, code: "reconstruct.detached-values",
                    message: "\(instance.key): \(chunks.count) rows of values follow '\(label)' and \(waitingLabels) labels with none; placed by position",
                    line: raw.label?.line ?? raw.values.first?.line))
            }
            for (chunkNumber, chunk) in chunks.enumerated() {
                var row = PlannedRow(label: chunkNumber == 0 ? label : "", key: nil,
                                     line: chunkNumber == 0 ? (raw.label?.line ?? chunk.first?.line) : chunk.first?.line,
                                     tokens: chunk, fallback: chunks.count == 1 ? rowCells.fallback : nil)
                row.positional = byPosition
                if chunkNumber == 0, let index = matchedIndex, let key = template.rows[index].key {
                    if used.contains(key) {
                        diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.duplicate-row",
                                                      message: "\(instance.key): a second row reads as \(key) ('\(label)'); kept without a key",
                                                      line: raw.label?.line))
                    } else {
                        row.key = key
                        lastTemplateIndex = index
                    }
                } else if let index = nextRowIndex(after: lastTemplateIndex, used: used,
                                                   labelled: raw.label != nil && chunkNumber == 0 && !isGroup) {
                    row.key = template.rows[index].key
                    row.positional = byPosition || !template.rows[index].unlabelled
                    lastTemplateIndex = index
                    if row.positional, !byPosition {
                        diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.positional-row",
                                                      message: "\(instance.key): values without a matching label placed as row \(row.key!) by position",
                                                      line: chunk.first?.line))
                    }
                }
                if let key = row.key { used.insert(key) }
                planned.append(row)
            }
        }
        return planned
    }

    /// Whether the table shows that its copy prints only non-empty cells (form 1): a row too short for its
    /// columns. A row printed as its label alone is not enough to say so of the whole copy (one empty row
    /// in a copy that writes its zeros, `行政强制` beside `规章000`): it counts for its own table only.
    func showsDroppedBlanks() -> Bool {
        Self.rowsAreInline(planned) && Self.hasShortRow(planned, width: template.columns.count)
    }

    /// Whether every row with values carries them on its label's line.
    private static func rowsAreInline(_ planned: [PlannedRow]) -> Bool {
        let rows = planned.filter { !$0.isGroup && !$0.tokens.isEmpty }
        return !rows.isEmpty && rows.allSatisfy(\.isInline)
    }

    /// Whether a row has fewer cells than columns even with its digits cut one by one, or a data row is
    /// printed as its label alone.
    private static func showsDroppedBlanks(_ planned: [PlannedRow], width: Int) -> Bool {
        hasShortRow(planned, width: width) || planned.contains { $0.emptyRowKey != nil }
    }

    /// Whether a row has fewer cells than columns even with its digits cut one by one: the most cells a row
    /// can give is a token of digits as many as it has digits, any other token one.
    private static func hasShortRow(_ planned: [PlannedRow], width: Int) -> Bool {
        planned.contains { row in
            !row.isGroup && !row.tokens.isEmpty && row.tokens.reduce(0) { $0 + $1.mostCells } < width
        }
    }

    /// Labels torn from their numbers (PDF converters: `规章` / `规范性文件` / `8 8 239` / `40 42 891`, or a list of
    /// row labels with a markdown table of their values below it) are given their rows back. The data labels
    /// with no values before a row whose values fill more than one row wait for them: group labels (（三）不予公开)
    /// and unknown pieces among them wait for nothing. When the values come on as many lines (or table rows) as
    /// labels wait, each of them able to fill a row, the lines go to the labels in order; when they come one
    /// cell per line, in exactly that many rows' worth, so do the rows of values. A label followed by a row's
    /// worth of empty lines in the document's spacing (form 0) is a row of empty cells: it waits for nothing,
    /// and nor does any label before it.
    private func reunitingTornLabels(_ rows: [TableInstance.RawRow], width: Int) -> [TableInstance.RawRow] {
        var result: [TableInstance.RawRow] = []
        for row in rows {
            var waiting: [Int] = []
            var index = result.count - 1
            while index >= 0, result[index].values.isEmpty, result[index].emptyCellsShown != width {
                if result[index].matched, let label = result[index].label,
                   templateRowIndex(for: label).map({ !template.rows[$0].isGroup }) == true {
                    waiting.insert(index, at: 0)
                }
                index -= 1
            }
            guard !waiting.isEmpty, row.label != nil else {
                result.append(row)
                continue
            }
            // An unknown label just before the values (a piece of a wrapped label) holds none of them when the
            // waiting labels take them all.
            let byLines = row.blankSlots == nil
            let holdsValues = row.matched || Self.rowsOfValues(row.values, count: waiting.count, width: width, byLines: byLines) == nil
            guard let parts = Self.rowsOfValues(row.values, count: waiting.count + (holdsValues ? 1 : 0), width: width,
                                                byLines: byLines) else {
                result.append(row)
                continue
            }
            for (offset, target) in waiting.enumerated() {
                result[target].values = parts[offset]
                result[target].blankSlots = nil
            }
            var last = row
            last.values = holdsValues ? parts[waiting.count] : []
            last.blankSlots = nil
            result.append(last)
        }
        return result
    }

    /// `values` cut into `count` rows: by their lines (or source table rows) when there are that many and each
    /// can fill `width` cells, else in equal parts of `width` when that is exactly how many values there are.
    /// Not by lines when the values are written one cell per line in the document's layout (`byLines` false):
    /// a line of such a copy is one cell, not a row run together.
    private static func rowsOfValues(_ values: [Token], count: Int, width: Int, byLines: Bool) -> [[Token]]? {
        if byLines {
            var lines: [[Token]] = []
            for token in values {
                if let last = lines.last?.last, last.line == token.line, last.source == token.source {
                    lines[lines.count - 1].append(token)
                } else {
                    lines.append([token])
                }
            }
            if lines.count == count, lines.allSatisfy({ canFill($0, width: width) }) { return lines }
        }
        guard values.count == count * width else { return nil }
        return stride(from: 0, to: values.count, by: width).map { Array(values[$0..<($0 + width)]) }
    }

    /// Whether a line of values can fill `width` cells: no more values than cells, and enough digits to cut
    /// them into as many.
    private static func canFill(_ values: [Token], width: Int) -> Bool {
        values.count <= width && values.reduce(0) { $0 + $1.mostCells } >= width
    }

    /// A data column as its cells need it.
    private struct CellColumn {
        var column: String?
        var kind: HeaderTemplate.Kind
        var unit: String?
    }

    private func cell(_ part: RowReadings.Part, column: CellColumn, flag: Report.Cell.Flag?, alternatives: [Double?]?,
                      diagnostics: inout [Diagnostic]) -> Report.Cell {
        let kind = column.kind
        var value = part.value.value
        if part.value.unreadable || !part.value.fits(kind) {
            diagnostics.append(Diagnostic(stage: .reconstruct, severity: .warning, code: "reconstruct.unreadable-cell",
                                          message: "\(instance.key).\(column.column ?? "?"): '\(part.raw)' is not a \(kind.rawValue)",
                                          line: part.line))
            value = nil
        }
        let unit = part.value.unit ?? (value == nil ? nil : column.unit)
        return Report.Cell(column: column.column, value: value, raw: part.raw, unit: unit, line: part.line, flag: flag,
                           alternatives: alternatives)
    }

    /// The template row a label reads as, if it reads as one well enough.
    private func templateRowIndex(for token: Token) -> Int? {
        guard case .label(let key) = token.kind else { return nil }
        return template.bestRow(for: key, threshold: threshold)?.index
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
