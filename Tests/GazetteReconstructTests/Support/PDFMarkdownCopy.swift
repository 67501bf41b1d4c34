import Foundation
import GazetteTestSupport

/// The copy as PDF-to-markdown converters leave a report (issue 18, form 4): some tables as markdown pipe
/// tables, others with their row labels listed as text (wrapped at the label column's width) and their values
/// gathered below them, in a markdown table or as lines of numbers; header cells split over two lines, their
/// first parts run together in one cell (`商业企科研机社会公法律服` / `业|构|益组织|务机构`); placeholder headers
/// (`数据1 … 数据6`) that need not be as wide as the values; tables cut at page breaks, with a page-number line
/// (`— 4 —`) and the table's heading repeated (`## 表二`); counts annotated inline (`22（其中修订16件）`).
extension OneCellPerLineCopy {
    /// A table of the copy: the short lines before its rows (captions, header cells), then its rows.
    private struct Block {
        var header: [String] = []
        var rows: [Row] = []
    }

    /// A row: its label (nil for the unlabelled row of table 四) and its cells (none for a group label).
    private struct Row {
        var label: String?
        var cells: [(table: String, row: String, column: String)] = []
    }

    private enum Piece {
        case text(String)
        case table(Block)
    }

    /// The copy's lines as prose and tables.
    private var pieces: [Piece] {
        var pieces: [Piece] = []
        var pending: [String] = []
        var block: Block?
        func flush() {
            if let block { pieces.append(.table(block)) }
            block = nil
        }
        for line in lines {
            switch line {
            case .other(let text):
                if block?.rows.isEmpty == false { flush() }
                if text.isEmpty { continue }
                if Self.isHeaderCell(text) {
                    pending.append(text)
                } else {
                    flush()
                    pieces += pending.map(Piece.text)
                    pending = []
                    pieces.append(.text(text))
                }
            case .label(let text):
                if block == nil || block?.rows.isEmpty == false && !pending.isEmpty {
                    flush()
                    block = Block(header: pending)
                    pending = []
                }
                block!.rows.append(Row(label: text))
            case .cell(let table, let row, let column, _):
                if block == nil {
                    block = Block(header: pending)
                    pending = []
                }
                if block!.rows.isEmpty || block!.rows.last!.label == nil && block!.rows.last!.cells.isEmpty {
                    block!.rows.append(Row(label: nil))
                }
                block!.rows[block!.rows.count - 1].cells.append((table, row, column))
            }
        }
        flush()
        pieces += pending.map(Piece.text)
        return pieces
    }

    /// A short line that is not a section heading (`二、主动公开…`): a caption or a header cell.
    private static func isHeaderCell(_ text: String) -> Bool {
        guard text.count <= 36 else { return false }
        let scalars = Array(text.unicodeScalars)
        let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八"]
        return !(scalars.count > 1 && numerals.contains(scalars[0]) && scalars[1] == "、")
    }

    /// The copy with `values` in its cells, laid out as a PDF converter would, the choices drawn from `random`.
    func renderAsPDFMarkdown(_ values: Values, using random: inout SeededRandom) -> String {
        var output: [String] = []
        var page = 1
        var tableNumber = 0
        for piece in pieces {
            switch piece {
            case .text(let text):
                let isHeading = text.unicodeScalars.count > 1 && Array(text.unicodeScalars)[1] == "、"
                output += [isHeading && random.chance(0.3) ? "## \(text)" : text, ""]
                if random.chance(0.1) { output += Self.pageBreak(&page, using: &random, heading: nil) }
            case .table(let block):
                tableNumber += 1
                let heading = random.chance(0.5) ? "## 表\(Self.numeral(tableNumber))" : nil
                if let heading { output += [heading, ""] }
                output += renderTable(block, values: values, page: &page, heading: heading, using: &random)
                output.append("")
            }
        }
        return output.joined(separator: "\n")
    }

    /// A page-number line between blank lines, and the heading of the table the break cuts, repeated.
    private static func pageBreak(_ page: inout Int, using random: inout SeededRandom, heading: String?) -> [String] {
        page += 1
        return ["", random.chance(0.5) ? "— \(page) —" : "- \(page) -", ""] + (heading.map { [$0, ""] } ?? [])
    }

    private func renderTable(_ block: Block, values: Values, page: inout Int, heading: String?,
                             using random: inout SeededRandom) -> [String] {
        var output: [String] = []
        let width = block.rows.map(\.cells.count).max() ?? 1
        output += header(block.header, width: width, using: &random)
        // Cut at page breaks: each part of the table its own markdown table, or its own list of labels.
        var parts: [[Row]] = [[]]
        for row in block.rows {
            parts[parts.count - 1].append(row)
            if block.rows.count > 4, random.chance(0.12) { parts.append([]) }
        }
        parts.removeAll { $0.isEmpty }
        let labelWidth = random.int(in: 6...16)
        for (number, part) in parts.enumerated() {
            if number > 0 { output += Self.pageBreak(&page, using: &random, heading: heading) }
            if part.contains(where: { $0.label == nil }) || random.chance(0.4) {
                // A markdown table, a row a line.
                if number > 0, random.chance(0.5) { output += placeholderHeader(width + 1) }
                for row in part {
                    let cells = row.cells.map { text(of: $0, values: values, using: &random) }
                    let padded = row.label == nil ? cells : [row.label!] + cells + Array(repeating: "", count: width - cells.count)
                    output.append("| " + padded.joined(separator: " | ") + " |")
                }
            } else {
                // The labels as text wrapped at the column's width, then the values of the rows that have some.
                output.append("")
                for row in part { output += wrapped(row.label!, width: labelWidth) }
                output.append("")
                let asMarkdown = random.chance(0.6)
                if asMarkdown, random.chance(0.5) { output += placeholderHeader(random.int(in: 2...max(2, width))) }
                for row in part where !row.cells.isEmpty {
                    let cells = row.cells.map { text(of: $0, values: values, using: &random) }
                    output.append(asMarkdown ? "| " + cells.joined(separator: " | ") + " |" : cells.joined(separator: " "))
                }
            }
            output.append("")
        }
        return output
    }

    /// The header: the caption on a row of its own, then the header cells on one markdown row, or split over
    /// two (each long cell's first part run together with the others' in the first cell, the rest after it).
    private func header(_ cells: [String], width: Int, using random: inout SeededRandom) -> [String] {
        guard !cells.isEmpty else { return [] }
        var output: [String] = []
        var cells = cells
        if random.chance(0.3) { output += placeholderHeader(width + 1) }
        if let first = cells.first, first.hasPrefix("第二十条") {
            output.append("| \(first) |" + String(repeating: " |", count: width))
            if output.count == 1 { output.append("|---|" + String(repeating: "---|", count: width)) }
            cells.removeFirst()
        }
        guard !cells.isEmpty else { return output }
        let long = cells.filter { $0.count >= 4 && $0.count <= 8 }
        if long.count >= 2, random.chance(0.5) {
            let firsts = long.map { String($0.prefix(($0.count + 1) / 2)) }
            let rests = long.map { String($0.dropFirst(($0.count + 1) / 2)) }
            let others = cells.filter { !long.contains($0) }
            output.append("| " + (others + [firsts.joined()]).joined(separator: " | ") + " |")
            output.append("| " + Array(repeating: "", count: others.count).joined(separator: " | ")
                          + (others.isEmpty ? "" : " | ") + rests.joined(separator: "|") + " |")
        } else {
            output.append("| " + cells.joined(separator: " | ") + " |")
        }
        return output
    }

    /// A converter's header for a table it found no header in: `数据1 … 数据N`, and its rule.
    private func placeholderHeader(_ count: Int) -> [String] {
        ["| " + (1...max(1, count)).map { "数据\($0)" }.joined(separator: " | ") + " |",
         "|" + String(repeating: "---|", count: max(1, count))]
    }

    /// A label wrapped at `width` characters.
    private func wrapped(_ label: String, width: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(label)
        while rest.count > width {
            lines.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        lines.append(String(rest))
        return lines
    }

    /// A cell's text; a count of the active tables now and then with a note after it.
    private func text(of cell: (table: String, row: String, column: String), values: Values,
                      using random: inout SeededRandom) -> String {
        let value = values[cell.table]![cell.row]![cell.column]!
        let text = Self.text(of: value, original: self.values[cell.table]?[cell.row]?[cell.column])
        guard cell.table.hasPrefix("active."), value >= 2, value == value.rounded(), random.chance(0.25) else { return text }
        let part = random.int(in: 1...Int(value) - 1)
        return text + (random.chance(0.5) ? "（其中修订\(part)件）" : "（含自然失效\(part)件）")
    }

    private static func numeral(_ number: Int) -> String {
        ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][min(number, 10)]
    }
}
