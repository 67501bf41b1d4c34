import GazetteCore

/// Markdown pipe tables (`| 规章 | 8 | 8 | 239 |`, as PDF-to-markdown converters write them) become grids,
/// like HTML tables: consecutive lines that start with `|`, the `|---|` rule dropped, blank cells kept.
enum MarkdownTables {
    static func extract(_ lines: [TextLine]) -> (lines: [TextLine], grids: [SourceGrid]) {
        var kept: [TextLine] = []
        var grids: [SourceGrid] = []
        var block: [TextLine] = []
        func flush() {
            if block.count >= 2 {
                let rows = block.compactMap(cells)
                let width = rows.map(\.count).max() ?? 0
                let padded = rows.map { row in row + Array(repeating: SourceGrid.Cell(text: "", line: row.first?.line ?? 1, spanned: true),
                                                           count: width - row.count) }
                grids.append(SourceGrid(rows: padded, position: kept.count))
            } else {
                kept += block
            }
            block = []
        }
        for line in lines {
            if line.text.hasPrefix("|") {
                block.append(line)
            } else {
                flush()
                kept.append(line)
            }
        }
        flush()
        return (kept, grids)
    }

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
