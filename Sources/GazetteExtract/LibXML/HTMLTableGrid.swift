internal import CLibXML2
import Foundation
import GazetteCore

/// Lays out an HTML `<table>` as a browser would: rows of cells with rowspan and colspan expanded (the
/// spanned positions hold copies, marked `spanned`), spans clamped to the table, ragged rows padded with
/// blank cells, `<br>` and `<p>` inside a cell joined by a space, `&nbsp;`-only cells blank.
enum HTMLTableGrid {
    /// The most rows or columns one cell may span: a bigger span in a page is a typo, not a layout.
    static let maximumSpan = 1000

    /// The table's grid, or nil when the table holds another table: then it is page layout, and its
    /// content is read as text. The corresponding C function is `xmlGetLineNo`.
    static func grid(of table: xmlNodePtr) -> [[SourceGrid.Cell]]? {
        guard let tableRows = rows(of: table) else { return nil }
        var rows: [[SourceGrid.Cell?]] = []
        var rowIndex = 0
        for row in tableRows {
            if rows.count <= rowIndex { rows.append([]) }
            var column = 0
            for cell in children(of: row) where ["td", "th"].contains(name(of: cell)) {
                while column < rows[rowIndex].count, rows[rowIndex][column] != nil { column += 1 }
                let rowspan = span(cell, "rowspan"), colspan = span(cell, "colspan")
                let text = cellText(cell)
                let line = Int(xmlGetLineNo(cell))
                for down in 0..<rowspan {
                    while rows.count <= rowIndex + down { rows.append([]) }
                    for across in 0..<colspan {
                        let position = column + across
                        while rows[rowIndex + down].count <= position { rows[rowIndex + down].append(nil) }
                        if rows[rowIndex + down][position] == nil {
                            rows[rowIndex + down][position] = SourceGrid.Cell(text: text, line: line, spanned: down > 0 || across > 0)
                        }
                    }
                }
                column += colspan
            }
            rowIndex += 1
        }
        // Rows that exist only because a rowspan ran past the table's last row are dropped (docling #1909).
        rows = Array(rows.prefix(rowIndex))
        let width = rows.map(\.count).max() ?? 0
        return rows.compactMap { row in
            let cells = (0..<width).map { index in
                index < row.count ? (row[index] ?? SourceGrid.Cell(text: "", line: 0, spanned: true)) : SourceGrid.Cell(text: "", line: 0, spanned: true)
            }
            return cells.allSatisfy { $0.text.isEmpty } ? nil : cells
        }.map { row in
            // Padding takes the line of the row's first real cell.
            let line = row.first { $0.line > 0 }?.line ?? 1
            return row.map { $0.line == 0 ? SourceGrid.Cell(text: $0.text, line: line, spanned: $0.spanned) : $0 }
        }
    }

    private static func span(_ cell: xmlNodePtr, _ attribute: String) -> Int {
        guard cell.pointee.properties != nil, let value = xmlGetProp(cell, attribute) else { return 1 }
        defer { gazette_xmlFree(value) }
        let number = Int(String(cString: value).filter(\.isNumber)) ?? 1
        return min(max(number, 1), maximumSpan)
    }

    /// The cell's text, white space collapsed, its block children (`<br>`, `<p>`, `<div>`) joined by a space;
    /// inline elements (`<b>规</b>章`) join without one, as a browser shows them.
    private static func cellText(_ cell: xmlNodePtr) -> String {
        // Most cells hold one text node.
        if let only = cell.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
           let content = only.pointee.content {
            return WhitespaceCollapsing.collapse(content).text
        }
        var pieces: [String] = []
        var current = ""
        HTMLTree.walk(cell, enter: { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    let collapsed = WhitespaceCollapsing.collapse(content)
                    if collapsed.leading, !current.isEmpty { current += " " }
                    current += collapsed.text
                    if collapsed.trailing, !collapsed.text.isEmpty { current += " " }
                }
                return false
            case XML_ELEMENT_NODE:
                if isNamed(node, "script") || isNamed(node, "style") { return false }
                if node != cell, isNamed(node, "br") || isNamed(node, "p") || isNamed(node, "div") || isNamed(node, "li") {
                    pieces.append(current)
                    current = ""
                }
                return true
            default:
                return false
            }
        })
        pieces.append(current)
        return pieces.map { $0.trimmingASCIISpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The element's tag name (libxml2's HTML parser lowercases it).
    static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// Whether the element's tag is `name`, without building a Swift string.
    static func isNamed(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
        guard let tag = node.pointee.name else { return false }
        return strcmp(UnsafeRawPointer(tag).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            result.append(current)
            child = current.pointee.next
        }
        return result
    }

    /// The `<tr>` elements of a table in document order; nil when a `<table>` is nested inside it.
    private static func rows(of table: xmlNodePtr) -> [xmlNodePtr]? {
        var result: [xmlNodePtr] = []
        var nested = false
        HTMLTree.walk(table, enter: { node in
            guard node.pointee.type == XML_ELEMENT_NODE, !nested else { return false }
            if node != table, isNamed(node, "table") {
                nested = true
                return false
            }
            if isNamed(node, "tr") { result.append(node) }
            // Cells are searched too: a table nested in a cell makes this one layout.
            return true
        })
        return nested ? nil : result
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> String {
        var result = Substring(self)
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return String(result)
    }
}
