import Foundation
import GazetteTestSupport

/// The copy in the forms of issue 18 that run cells together or leave a table out: signed changes run together
/// with their neighbours (form 2), a table told in a sentence (form 3), the whole report on one line of crawler
/// text (form 5).
extension OneCellPerLineCopy {
    /// Form 2: the rows of the tables with a column of changes (本年增/减) on their label's line, their cells run
    /// together (`行政许可97增加82179`), each change signed one of the ways reports write it; the rest one cell a line.
    func renderWithSignedChanges(_ values: Values, using random: inout SeededRandom) -> String {
        var output: [String] = []
        var inlineRow: String?
        for (index, line) in lines.enumerated() {
            switch line {
            case .other(let text):
                output.append(text)
            case .label(let text):
                if index + 1 < lines.count, case .cell(let table, let row, _, _) = lines[index + 1],
                   values[table]?[row]?["delta"] != nil {
                    inlineRow = text
                } else {
                    output.append(text)
                }
            case .cell(let table, let row, let column, let lastOfRow):
                let value = values[table]![row]![column]!
                let text = column == "delta" ? Self.signed(value, using: &random)
                    : Self.text(of: value, original: self.values[table]?[row]?[column])
                guard let row = inlineRow else {
                    output.append(text)
                    continue
                }
                inlineRow = row + text
                if lastOfRow {
                    output.append(inlineRow!)
                    inlineRow = nil
                }
            }
        }
        return output.joined(separator: "\n")
    }

    /// A change as reports write it: `+5`, `＋5`, `增加5`, `增5`; `-5`, `－5`, `—5`, `减少5`, `减5`; no change `0`.
    private static func signed(_ value: Double, using random: inout SeededRandom) -> String {
        guard value != 0 else { return "0" }
        let magnitude = "\(Int(abs(value)))"
        let signs = value > 0 ? ["+", "＋", "增加", "增"] : ["-", "－", "—", "减少", "减"]
        return signs[random.int(in: 0...(signs.count - 1))] + magnitude
    }

    /// Form 3: the copy, one cell a line, with the body of each section whose heading starts with a key of
    /// `sentences` replaced by that sentence.
    func renderStating(_ sentences: [String: String], _ values: Values) -> String {
        var output: [String] = []
        var skipping = false
        for line in lines {
            if case .other(let text) = line, Self.isSectionHeading(text) {
                skipping = false
                if let sentence = sentences.first(where: { text.hasPrefix($0.key) })?.value {
                    output += [text, sentence]
                    skipping = true
                    continue
                }
            }
            if skipping { continue }
            switch line {
            case .other(let text), .label(let text):
                output.append(text)
            case .cell(let table, let row, let column, _):
                output.append(Self.text(of: values[table]![row]![column]!, original: self.values[table]?[row]?[column]))
            }
        }
        return output.joined(separator: "\n")
    }

    /// Form 5: the title on its own line, then the whole body on one line, paragraphs and table parts separated
    /// only by two ideographic spaces, every table's captions, headers, labels and numbers run together.
    func renderOnOneLine(_ values: Values) -> String {
        var parts: [String] = []
        var table = ""
        func closeTable() {
            if !table.isEmpty { parts.append(table) }
            table = ""
        }
        for line in lines.dropFirst() {
            switch line {
            case .other(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                // A paragraph or a section heading stands alone; captions and header cells run into the table.
                if trimmed.count > 40 || Self.isSectionHeading(trimmed) {
                    closeTable()
                    parts.append(trimmed)
                } else {
                    table += trimmed
                }
            case .label(let text):
                table += text
            case .cell(let tableKey, let row, let column, _):
                table += Self.text(of: values[tableKey]![row]![column]!, original: self.values[tableKey]?[row]?[column])
            }
        }
        closeTable()
        guard case .other(let title) = lines.first else { return parts.joined(separator: "\u{3000}\u{3000}") }
        return title + "\n" + parts.joined(separator: "\u{3000}\u{3000}")
    }

    /// `三、收到和处理…`, not the rows of table 三 numbered alike (`三、本年度办理结果`, `四、结转下年度继续办理`).
    private static func isSectionHeading(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 2, "一二三四五六".unicodeScalars.contains(scalars[0]), scalars[1] == "、" else { return false }
        let rest = String(String.UnicodeScalarView(scalars[2...]))
        return !["本年", "上年", "结转"].contains { rest.hasPrefix($0) }
    }
}
