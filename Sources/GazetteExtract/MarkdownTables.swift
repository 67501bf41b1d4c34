import Foundation
import GazetteCore

/// Markdown pipe tables (`| 规章 | 8 | 8 | 239 |`, as PDF-to-markdown converters write them) become grids,
/// like HTML tables: consecutive lines that start with `|`, the `|---|` rule dropped, blank cells kept.
/// Heading marks (`# `, `## `) are dropped from the lines they start.
enum MarkdownTables {
    static func extract(_ lines: [TextLine]) -> (lines: [TextLine], grids: [SourceGrid]) {
        // Most documents hold neither a table row nor a heading mark: their lines are returned as they came, not
        // copied line by line (a second array of every line, the largest block of a large document's memory).
        guard lines.contains(where: { $0.text.utf8.first == UInt8(ascii: "|") || $0.text.utf8.first == UInt8(ascii: "#") }) else {
            return (lines, [])
        }
        var kept: [TextLine] = []
        kept.reserveCapacity(lines.count)
        var grids: [SourceGrid] = []
        var block: [TextLine] = []
        func flush() {
            if block.count >= 2 {
                let rows = block.compactMap(cells).filter { !isPlaceholderHeader($0) }
                let width = rows.map(\.count).max() ?? 0
                let padded = rows.map { row in row + Array(repeating: SourceGrid.Cell(text: "", line: row.first?.line ?? 1, spanned: true),
                                                           count: width - row.count) }
                grids.append(SourceGrid(rows: padded, position: kept.count))
            } else {
                kept += block
            }
            block = []
        }
        for var line in lines {
            line.text = withoutHeadingMarks(line.text)
            if line.text.hasPrefix("|") {
                // A blank line ends a markdown table: the next one is another.
                if let last = block.last, line.line > last.line + 1 { flush() }
                block.append(line)
            } else {
                flush()
                kept.append(line)
            }
        }
        flush()
        return (kept, grids)
    }

    /// A markdown heading's text without its marks (`## 表二` is `表二`): the title and the section headings of
    /// a converted PDF are found by their words, as in any text.
    static func withoutHeadingMarks(_ text: String) -> String {
        guard text.utf8.first == UInt8(ascii: "#") else { return text }
        let marks = text.prefix { $0 == "#" }
        guard marks.count <= 6, let after = text.dropFirst(marks.count).first, after == " " || after == "\u{3000}" else { return text }
        return TextLines.trim(text.dropFirst(marks.count))
    }

    /// A header a converter made up for a table it found none in (`| 数据1 | 数据2 | … |`, `Column1`): it says
    /// nothing of the report, and its cells would read as labels.
    static func isPlaceholderHeader(_ row: [SourceGrid.Cell]) -> Bool {
        let filled = row.map(\.text).filter { !$0.isEmpty }
        guard filled.count >= 2 else { return false }
        return filled.enumerated().allSatisfy { offset, text in
            let digits = text.reversed().prefix { $0.isASCII && $0.isNumber }
            let name = text.dropLast(digits.count).trimmingCharacters(in: .whitespaces)
            return Int(String(digits.reversed())) == offset + 1 && placeholderNames.contains(name)
        }
    }

    private static let placeholderNames: Set<String> = ["数据", "數據", "列", "字段", "Column", "column", "Col", "col"]

    /// The cells of a table line; nil for the `|---|:---:|` rule under a header.
    private static func cells(_ line: TextLine) -> [SourceGrid.Cell]? {
        var inner = Substring(line.text)
        if inner.hasPrefix("|") { inner = inner.dropFirst() }
        if inner.hasSuffix("|") { inner = inner.dropLast() }
        let texts = inner.split(separator: "|", omittingEmptySubsequences: false).map { TextLines.trim($0) }
        if texts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 == "-" || $0 == ":" } }) { return nil }
        return texts.map { SourceGrid.Cell(text: $0, line: line.line) }
    }
}
