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

/// Cuts body lines into tokens: a line is a label, a value, or a label followed by values separated by white
/// space (`规章 8 8 239`, tab-separated rows); values alone on a line are one token each.
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
        let parts = line.text.split(whereSeparator: \.isWhitespace)
        var firstValue = parts.count
        while firstValue > 0, CellValue.isValueText(String(parts[firstValue - 1])) { firstValue -= 1 }
        if firstValue > 0 {
            // The label keeps its own inner spacing (`本年新 制作数量`); only trailing values are cut off.
            var label = line.text
            if firstValue < parts.count {
                let firstValueStart = parts[firstValue].startIndex
                label = String(line.text[..<firstValueStart]).trimmingCharacters(in: .whitespaces)
            }
            tokens.append(Token(kind: .label(LabelKey(label)), text: label, line: line.line, section: section))
        }
        for part in parts[firstValue...] {
            tokens.append(Token(kind: .value, text: String(part), line: line.line, section: section))
        }
    }
}
