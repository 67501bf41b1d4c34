internal import CLibXML2
import Foundation
import GazetteCore

/// Lays out an HTML `<table>` as a browser would: rows of cells with rowspan and colspan expanded (the
/// spanned positions hold copies, marked `spanned`), spans clamped to the table, ragged rows padded with
/// blank cells, `<br>` and `<p>` inside a cell joined by a space, `&nbsp;`-only cells blank.
enum HTMLTableGrid {
    /// The most rows or columns one cell may span: a bigger span in a page is a typo, not a layout.
    static let maximumSpan = 1000

    /// Whether the table holds another table: then it is page layout, and its content is read as text.
    static func containsTable(_ table: xmlNodePtr) -> Bool {
        var stack: [xmlNodePtr] = children(of: table)
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE, isNamed(node, "table") { return true }
            stack += children(of: node)
        }
        return false
    }

    /// The table's grid. The corresponding C function is `xmlGetLineNo`.
    static func grid(of table: xmlNodePtr) -> [[SourceGrid.Cell]] {
        var rows: [[SourceGrid.Cell?]] = []
        var rowIndex = 0
        for row in descendants(of: table, named: "tr") {
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
        guard let value = xmlGetProp(cell, attribute) else { return 1 }
        defer { gazette_xmlFree(value) }
        let number = Int(String(cString: value).filter(\.isNumber)) ?? 1
        return min(max(number, 1), maximumSpan)
    }

    /// The cell's text, white space collapsed, its block children (`<br>`, `<p>`, `<div>`) joined by a space.
    private static func cellText(_ cell: xmlNodePtr) -> String {
        var pieces: [String] = []
        var current = ""
        var stack: [xmlNodePtr] = children(of: cell).reversed()
        while let node = stack.popLast() {
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                current += String(cString: content)
                continue
            }
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let element = name(of: node)
            if ["script", "style"].contains(element) { continue }
            if ["br", "p", "div", "li"].contains(element) {
                pieces.append(current)
                current = ""
            }
            stack += children(of: node).reversed()
        }
        pieces.append(current)
        return pieces.map { piece in
            piece.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: " ")
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

    /// Descendant elements named `name`, in document order.
    private static func descendants(of node: xmlNodePtr, named name: String) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var stack: [xmlNodePtr] = children(of: node).reversed()
        while let current = stack.popLast() {
            guard current.pointee.type == XML_ELEMENT_NODE else { continue }
            if self.name(of: current) == name {
                result.append(current)
            } else {
                stack += children(of: current).reversed()
            }
        }
        return result
    }
}
