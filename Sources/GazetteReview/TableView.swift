import GazetteCore
import GazetteReconstruct

/// One reconstructed table laid out as the template lays it out: the template's header, its canonical rows in
/// order with the published label beside the template's, and each cell linked to its source line.
///
/// Cells carry `data-line` (the page's script marks that line of the source); flagged cells carry the class
/// `flagged` and their flag, cells of a failed identity `in-failed`. A template row the report does not have is
/// shown empty, marked `missing`; rows outside the template follow the template's rows.
struct TableView {
    let table: Report.Table
    /// The template's definition of the table, nil for a table outside the template.
    let outline: TableOutline?
    /// The table's position in the report, for element ids.
    let index: Int

    /// The element id of each template cell shown, for the identities' terms to point at.
    private(set) var cellIDs: [TableOutline.CellKey: String] = [:]

    init(table: Report.Table, outline: TableOutline?, index: Int) {
        self.table = table
        self.outline = outline
        self.index = index
    }

    /// A column shown: its canonical key (nil outside the template) and label.
    private struct Column {
        var key: String?
        var label: String
    }

    private var columns: [Column] {
        if let outline { return outline.columns.map { Column(key: $0.column, label: $0.label) } }
        let leaves = table.header.flatMap(Self.leaves)
        if !leaves.isEmpty { return leaves.map { Column(key: $0.column, label: $0.label) } }
        let width = table.rows.map(\.cells.count).max() ?? 0
        return (0..<width).map { Column(key: nil, label: "\($0 + 1)") }
    }

    private static func leaves(_ node: Report.HeaderNode) -> [Report.HeaderNode] {
        node.children.isEmpty ? [node] : node.children.flatMap(leaves)
    }

    /// The cells of failed identities, by canonical keys.
    private var failedCells: Set<TableOutline.CellKey> {
        guard let outline else { return [] }
        var cells: Set<TableOutline.CellKey> = []
        for check in table.checks where check.ok == false {
            for identity in outline.identities {
                guard let terms = identity.terms(of: check) else { continue }
                cells.formUnion(terms.left)
                cells.formUnion(terms.right)
            }
        }
        return cells
    }

    mutating func render(into html: inout HTML) {
        let columns = columns
        html.raw("<table class=\"grid\">")
        renderHeader(columns: columns, into: &html)
        html.raw("<tbody>")
        let failed = failedCells
        var rowIndex = 0
        var shown = Set<Int>()
        if let outline {
            var rowsByKey: [String: Int] = [:]
            for (position, row) in table.rows.enumerated() {
                if let key = row.key, rowsByKey[key] == nil { rowsByKey[key] = position }
            }
            for templateRow in outline.rows {
                guard let key = templateRow.key else {
                    html.raw("<tr class=\"group\"><th colspan=\"\(columns.count + 1)\">")
                    html.text(templateRow.label)
                    html.raw("</th></tr>")
                    continue
                }
                if let position = rowsByKey[key] {
                    shown.insert(position)
                    renderRow(table.rows[position], template: templateRow, columns: columns, rowIndex: rowIndex,
                              failed: failed, into: &html)
                } else {
                    renderMissingRow(templateRow, columns: columns, into: &html)
                }
                rowIndex += 1
            }
        }
        for (position, row) in table.rows.enumerated() where !shown.contains(position) {
            renderRow(row, template: nil, columns: columns, rowIndex: rowIndex, failed: failed, into: &html)
            rowIndex += 1
        }
        html.raw("</tbody></table>")
    }

    private func renderHeader(columns: [Column], into html: inout HTML) {
        html.raw("<thead>")
        guard let outline, !outline.header.isEmpty else {
            html.raw("<tr><th class=\"corner\"></th>")
            for column in columns { html.element("th", column.label) }
            html.raw("</tr></thead>")
            return
        }
        let depth = outline.header.map(\.depth).max() ?? 1
        var level = outline.header
        for row in 0..<depth {
            html.raw("<tr>")
            if row == 0 { html.raw("<th class=\"corner\" rowspan=\"\(depth)\"></th>") }
            for cell in level {
                let span = cell.leaves.count
                let rows = cell.children.isEmpty ? depth - row : 1
                html.raw("<th")
                if span > 1 { html.raw(" colspan=\"\(span)\"") }
                if rows > 1 { html.raw(" rowspan=\"\(rows)\"") }
                html.raw(">")
                html.text(cell.label)
                if let column = cell.column {
                    html.raw("<span class=\"key\">")
                    html.text(column)
                    html.raw("</span>")
                }
                html.raw("</th>")
            }
            html.raw("</tr>")
            level = level.flatMap(\.children)
        }
        html.raw("</thead>")
    }

    /// The row's label cell: the label as published, and the template's label and key when they differ.
    private func renderLabel(published: String?, template: TableOutline.Row?, into html: inout HTML) {
        html.raw("<th class=\"label\">")
        if let published, !published.isEmpty {
            html.element("span", published, class: "published")
        }
        if let template {
            html.raw("<span class=\"canon\">")
            // The template's label only where the published one does not hold it (numbering and notes aside).
            if !(published ?? "").contains(template.label) { html.text(template.label + " · ") }
            html.text(template.key ?? "")
            html.raw("</span>")
        }
        html.raw("</th>")
    }

    private mutating func renderRow(_ row: Report.Row, template: TableOutline.Row?, columns: [Column], rowIndex: Int,
                                    failed: Set<TableOutline.CellKey>, into html: inout HTML) {
        html.raw(template == nil && outline != nil ? "<tr class=\"extra\">" : "<tr>")
        renderLabel(published: row.label, template: template, into: &html)
        for (columnIndex, column) in columns.enumerated() {
            let cell = column.key.map { key in row.cells.first { $0.column == key } }
                ?? (columnIndex < row.cells.count && row.cells[columnIndex].column == nil ? row.cells[columnIndex] : nil)
            guard let cell else {
                html.raw("<td class=\"none\"></td>")
                continue
            }
            let id = "c\(index)-\(rowIndex)-\(columnIndex)"
            var cellKey: TableOutline.CellKey?
            if let rowKey = row.key, let columnKey = column.key {
                cellKey = TableOutline.CellKey(row: rowKey, column: columnKey)
                cellIDs[cellKey!] = id
            }
            renderCell(cell, id: id, inFailedCheck: cellKey.map(failed.contains) ?? false, into: &html)
        }
        // Cells whose column the template does not have (a report's extra column) are not dropped.
        let known = Set(columns.compactMap(\.key))
        for cell in row.cells where cell.column.map({ !known.contains($0) }) ?? false {
            renderCell(cell, id: nil, inFailedCheck: false, into: &html)
        }
        html.raw("</tr>")
    }

    private func renderCell(_ cell: Report.Cell, id: String?, inFailedCheck: Bool, into html: inout HTML) {
        var classes = ["cell"]
        if let flag = cell.flag { classes += ["flagged", flag.rawValue] }
        if inFailedCheck { classes.append("in-failed") }
        html.raw("<td")
        if let id { html.attribute("id", id) }
        html.attribute("class", classes.joined(separator: " "))
        html.raw(" data-line=\"\(cell.line)\"")
        var tip = "line \(cell.line) · as read: \(cell.raw.isEmpty ? "(blank)" : cell.raw)"
        if let unit = cell.unit { tip += " · \(unit)" }
        if let column = cell.column { tip += " · \(column)" }
        if let flag = cell.flag { tip += " · \(flag.rawValue)" }
        html.attribute("title", tip)
        html.raw(">")
        html.element("span", cell.value.map(NumberText.format) ?? (cell.raw.isEmpty ? "–" : cell.raw),
                     class: cell.value == nil ? "value unknown" : "value")
        if let alternatives = cell.alternatives, !alternatives.isEmpty {
            html.raw("<span class=\"alternatives\">or ")
            html.text(alternatives.map(NumberText.format).joined(separator: " / "))
            html.raw("</span>")
        }
        html.raw("</td>")
    }

    private func renderMissingRow(_ template: TableOutline.Row, columns: [Column], into html: inout HTML) {
        html.raw("<tr class=\"missing\"><th class=\"label\">")
        html.element("span", "not in the report", class: "published")
        html.raw("<span class=\"canon\">")
        html.text(template.label + " · " + (template.key ?? ""))
        html.raw("</span></th>")
        html.raw(String(repeating: "<td class=\"none\"></td>", count: columns.count))
        html.raw("</tr>")
    }
}
