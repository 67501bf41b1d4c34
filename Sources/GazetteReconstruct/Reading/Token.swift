import Foundation
import GazetteCore

/// One cell-sized piece of a document's body: a label or a value, with its source line and section.
struct Token: Sendable {
    enum Kind: Sendable {
        case label(LabelKey)
        case value
    }

    var kind: Kind
    var text: String
    var line: Int
    var section: Int

    var isValue: Bool { if case .value = kind { true } else { false } }
}

/// Cuts body lines into tokens. A tab, or a run of two or more spaces, separates cells (text copies of
/// tables); within a cell, a label may be followed by values separated by single spaces (`规章 8 8 239`).
/// A single space inside a label is kept: header cells broken by `<br>` read `商业 企业`.
enum Tokenizer {
    static func tokens(of content: DocumentText) -> [Token] {
        var tokens: [Token] = []
        for section in content.sections {
            for line in content.lines[section.start..<section.end] {
                append(line, section: section.number, to: &tokens)
            }
        }
        return tokens
    }

    static func append(_ line: TextLine, section: Int, to tokens: inout [Token]) {
        for cell in cells(of: line.text) {
            appendCell(cell, line: line.line, section: section, to: &tokens)
        }
    }

    private static func cells(of text: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var spaces = 0
        for character in text {
            if character == "\t" || (character.isWhitespace && spaces >= 1) {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { cells.append(current) }
                current = ""
                spaces = character == "\t" ? 0 : 2
                continue
            }
            if character.isWhitespace {
                spaces += 1
                if spaces == 1 { current.append(" ") }
                continue
            }
            if spaces >= 2 { current = "" }
            spaces = 0
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { cells.append(current) }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func appendCell(_ text: String, line: Int, section: Int, to tokens: inout [Token]) {
        let parts = text.split(separator: " ")
        var firstValue = parts.count
        while firstValue > 0, CellValue.isValueText(String(parts[firstValue - 1])) { firstValue -= 1 }
        if firstValue > 0 {
            let label = parts[..<firstValue].joined(separator: " ")
            tokens.append(Token(kind: .label(LabelKey(label)), text: label, line: line, section: section))
        }
        for part in parts[firstValue...] {
            tokens.append(Token(kind: .value, text: String(part), line: line, section: section))
        }
    }
}
