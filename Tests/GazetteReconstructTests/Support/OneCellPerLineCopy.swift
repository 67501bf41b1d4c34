import Foundation
import GazetteTestSupport
import GazetteCore
import GazettePipeline
import Testing

/// A report written one cell per line, as crawlers flatten HTML tables, with what each line is (a row's
/// label, a cell of a row, anything else) known from reading a plain copy of it. It renders the report
/// again with other values and other spacing, for tests that must know every value they put in.
struct OneCellPerLineCopy {
    enum Line {
        case other(String)
        case label(String)
        case cell(table: String, row: String, column: String, lastOfRow: Bool)
    }

    /// Blank lines after a row label or a cell inside a row, after a row's last cell, after any other line.
    struct Spacing: CustomStringConvertible {
        var cell: Int
        var row: Int
        var other: Int
        var description: String { "cell \(cell) row \(row) other \(other)" }
    }

    typealias Values = [String: [String: [String: Double]]]

    var lines: [Line]
    /// The values of the plain copy: table → row → column → value.
    var values: Values

    /// Reads `text` (one cell per line, single-spaced, every cell's label matched) and records its layout.
    init(_ text: String, processor: DocumentProcessor) async throws {
        let report = try #require(await processor.process(FetchRequest(uri: "plain.txt", content: Data(text.utf8))).report)
        var lines = text.components(separatedBy: "\n").map { Line.other($0) }
        var values: Values = [:]
        for table in report.tables {
            for row in table.rows {
                guard let key = row.key else { continue }
                if let line = row.line, row.cells.allSatisfy({ $0.line != line }) { lines[line - 1] = .label(row.label) }
                for cell in row.cells {
                    guard let column = cell.column, let value = cell.value else { continue }
                    values[table.key, default: [:]][key, default: [:]][column] = value
                    lines[cell.line - 1] = .cell(table: table.key, row: key, column: column, lastOfRow: column == row.cells.last?.column)
                }
            }
        }
        self.lines = lines
        self.values = values
    }

    /// The copy with `values` in its cells and `spacing` between its lines: a zero written as an empty line
    /// when `blankZeros`, and `extraLine` blank lines added after a line where it says so (irregular spacing).
    func render(_ values: Values, spacing: Spacing, blankZeros: Bool, extraLine: (Int) -> Int = { _ in 0 }) -> String {
        var output: [String] = []
        for (index, line) in lines.enumerated() {
            let gap: Int
            switch line {
            case .other(let text):
                output.append(text)
                gap = spacing.other
            case .label(let text):
                output.append(text)
                gap = spacing.cell
            case .cell(let table, let row, let column, let lastOfRow):
                let value = values[table]![row]![column]!
                output.append(blankZeros && value == 0 ? "" : Self.text(of: value, original: self.values[table]?[row]?[column]))
                gap = lastOfRow ? spacing.row : spacing.cell
            }
            output += Array(repeating: "", count: gap + extraLine(index))
        }
        return output.joined(separator: "\n")
    }

    /// The copy as some provinces print it (issue 18, form 1): each row on one line, its label followed by its
    /// non-zero values run together (`一、本年新收政府信息公开申请数量11`), a row of zeros as its label alone.
    func renderDroppingBlanks(_ values: Values) -> String {
        var output: [String] = []
        var row = ""
        var inRow = false
        for line in lines {
            switch line {
            case .other(let text):
                if inRow { output.append(row) }
                inRow = false
                output.append(text)
            case .label(let text):
                if inRow { output.append(row) }
                row = text
                inRow = true
            case .cell(let table, let rowKey, let column, let lastOfRow):
                if !inRow { row = "" }
                inRow = true
                let value = values[table]![rowKey]![column]!
                if value != 0 { row += Self.text(of: value, original: self.values[table]?[rowKey]?[column]) }
                if lastOfRow {
                    output.append(row)
                    inRow = false
                }
            }
        }
        if inRow { output.append(row) }
        return output.joined(separator: "\n")
    }

    /// How a cell holding `value` is written; amounts keep two decimals and the unit 万元 when the plain copy's
    /// value had decimals.
    static func text(of value: Double, original: Double?) -> String {
        if let original, original != original.rounded() || value != value.rounded() {
            return String(format: "%.2f万元", value)
        }
        return "\(Int(value))"
    }

    /// Random values in the copy's cells that keep every identity of the template: sums are made from the
    /// parts, and the balance of table 三 from its other rows.
    /// `zeros` is the share of counts that are 0; one count in ten goes up to `largest`, the others to 60.
    func randomValues(using random: inout SeededRandom, zeros: Double = 0.5, largest: Int = 5000) -> Values {
        var result = values
        func count() -> Double { random.chance(zeros) ? 0 : Double(random.int(in: 1...(random.chance(0.1) ? largest : 60))) }
        // Drawn in sorted key order: a dictionary's iteration order changes with each process's hash seed,
        // and a seed must name the same copy in every run.
        for (table, rows) in values.sorted(by: { $0.key < $1.key }) {
            for (row, columns) in rows.sorted(by: { $0.key < $1.key }) {
                for (column, original) in columns.sorted(by: { $0.key < $1.key }) {
                    let value: Double
                    if original != original.rounded() {
                        value = Double(random.int(in: 0...900_000)) / 100
                    } else if column == "delta" {
                        value = Double(random.int(in: -20...20)) * (random.chance(0.5) ? 0 : 1)
                    } else {
                        value = count()
                    }
                    result[table]![row]![column] = value
                }
            }
        }
        if var applications = result["applications"] {
            let applicants = ["natural", "org.commercial", "org.research", "org.social_welfare", "org.legal_service", "org.other"]
            let leaves = applications.keys.filter { $0.hasPrefix("outcome.") && $0 != "outcome.total" }
            for column in applicants {
                let outcomes = leaves.reduce(0) { $0 + (applications[$1]![column] ?? 0) }
                applications["outcome.total"]![column] = outcomes
                let carriedOver = applications["carried_over"]![column]!
                var carriedForward = applications["carried_forward"]![column]!
                if outcomes + carriedForward < carriedOver { carriedForward = carriedOver - outcomes }
                applications["carried_forward"]![column] = carriedForward
                applications["new"]![column] = outcomes + carriedForward - carriedOver
            }
            for row in applications.keys {
                applications[row]!["total"] = applicants.reduce(0) { $0 + applications[row]![$1]! }
            }
            result["applications"] = applications
        }
        if var count = result["appeals"]?["count"] {
            for group in ["review", "litigation.direct", "litigation.after_review"] {
                count["\(group).total"] = ["upheld", "corrected", "other", "pending"].reduce(0) { $0 + count["\(group).\($1)"]! }
            }
            result["appeals"]!["count"] = count
        }
        return result
    }
}
