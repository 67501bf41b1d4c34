import Foundation
import GazetteCore

/// Tables a report states in a sentence instead of publishing them (issue 18, form 3): section 四 holding
/// `本年度未发生涉及政府信息公开的行政复议、行政诉讼案件。`, or table 三 replaced by `本年度共收到政府信息公开申请3件，
/// 均已按期答复。` No cell is invented from such a sentence: it is named by a diagnostic with its line, and only
/// where it says there was nothing at all (a `none` phrase of the template, and no number but a year) are the
/// table's cells 0, flagged `stated`, on the sentence's line.
struct StatedTables {
    let library: TemplateLibrary

    /// The tables of `format` that `missing` names and a sentence of their section speaks of.
    func read(missing: [String], format: String, content: DocumentText, diagnostics: inout [Diagnostic]) -> [Report.Table] {
        guard let tables = library.formats.first(where: { $0.format == format })?.tables else { return [] }
        var stated: [Report.Table] = []
        for key in missing {
            guard let template = tables.first(where: { $0.key == key }), let words = template.stated,
                  let (sentence, line) = Self.sentence(about: words.subjects, in: template.section, of: content) else { continue }
            let none = words.none.first { sentence.contains($0) }
            // The phrase itself may be a number (`均为零`): the rest of the sentence must hold none.
            let statesEveryCell = none.map { !Self.hasNumber(sentence.replacingOccurrences(of: $0, with: "")) } ?? false
            diagnostics.append(Diagnostic(
                stage: .reconstruct, severity: statesEveryCell ? .info : .warning, code: "reconstruct.table-stated-in-text",
                message: "\(key) is not published as a table; the report says: \(sentence)"
                    + (statesEveryCell ? " (every cell read as 0, flagged stated)" : ""),
                line: line))
            guard statesEveryCell, let none else { continue }
            let rows = template.rows.filter { !$0.isGroup }.map { row in
                Report.Row(key: row.key, label: row.label, line: line, cells: template.columns.map { column in
                    Report.Cell(column: column.column, value: 0, raw: none, unit: column.unit, line: line, flag: .stated)
                })
            }
            let header = HeaderGrid(template: template, tokens: [], threshold: 1)
            stated.append(Report.Table(key: key, title: template.title, template: format, header: header.tree,
                                       rows: rows, grid: [[sentence]], checks: template.checker.check(rows)))
        }
        return stated
    }

    /// The first sentence of section `number`'s body that names one of `subjects`, with its line.
    private static func sentence(about subjects: [String], in number: Int, of content: DocumentText) -> (String, Int)? {
        for section in content.sections where section.number == number {
            for line in content.lines[section.start..<section.end] {
                for sentence in line.text.split(separator: "。") where subjects.contains(where: { sentence.contains($0) }) {
                    return (String(sentence).trimmed + "。", line.line)
                }
            }
        }
        return nil
    }

    /// Whether a sentence holds a number other than a year (`2020年`, `2020年度`).
    private static func hasNumber(_ sentence: String) -> Bool {
        let scalars = Array(sentence.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index].properties.numericType != nil else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, scalars[end].properties.numericType != nil { end += 1 }
            if !(end - index == 4 && end < scalars.count && scalars[end] == "年") { return true }
            index = end
        }
        return false
    }
}
