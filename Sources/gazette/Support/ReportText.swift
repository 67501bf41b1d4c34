import GazetteCore
import GazetteEmit

/// A report as text for a person: each table as an aligned grid, then its checks.
enum ReportText {
    static func render(_ report: Report) -> String {
        var text = "\(report.title ?? "(untitled)")\n"
        text += "agency: \(report.agency ?? "?")  year: \(report.year.map(String.init) ?? "?")  family: \(report.family)"
            + "  template: \(report.template ?? "none")  encoding: \(report.encoding.name)  script: \(report.script.detected.rawValue)\n"
        for table in report.tables {
            text += "\n== \(table.key)\(table.title.map { "  \($0)" } ?? "")\(table.template.map { "  [\($0)]" } ?? "")\n"
            text += grid(table.grid)
            let ok = table.checks.filter { $0.ok == true }.count
            let failed = table.checks.filter { $0.ok == false }
            let notEvaluated = table.checks.filter { $0.ok == nil }.count
            if !table.checks.isEmpty {
                text += "checks: \(ok) ok, \(failed.count) failed, \(notEvaluated) not evaluated\n"
                for check in failed {
                    let place = [check.row, check.column].compactMap { $0 }.joined(separator: " / ")
                    text += "  FAILED \(check.rule) [\(place)]: \(check.left.map(NumberText.format) ?? "?") ≠ \(check.right.map(NumberText.format) ?? "?")\n"
                }
            }
        }
        let warnings = report.diagnostics.filter { $0.severity != .info }
        if !warnings.isEmpty {
            text += "\ndiagnostics:\n"
            for diagnostic in warnings {
                text += "  \(diagnostic.severity.rawValue) \(diagnostic.code)\(diagnostic.line.map { " (line \($0))" } ?? ""): \(diagnostic.message)\n"
            }
        }
        return text
    }

    /// Columns padded to the widest cell, counting East Asian wide characters as two columns.
    static func grid(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], displayWidth(cell)) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - displayWidth(cell))
            }.joined(separator: " | ").trimmingTrailingSpaces() + "\n"
        }.joined()
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
                 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: return width + 2
            default: return width + 1
            }
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
