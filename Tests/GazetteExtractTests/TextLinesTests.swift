import GazetteCore
import Testing
@testable import GazetteExtract

/// Lines are cut where `Character.isNewline` says (on code points, for speed) and numbered as in the source.
@Suite struct TextLinesTests {
    @Test(arguments: [
        "一\n二\r\n三\r四\u{0B}五\u{0C}六\u{85}七\u{2028}八\u{2029}九",
        "\n\n规章\r\n\r\n8\n",
        "末尾无换行",
        "",
        "\r\n",
        "a\r\r\nb\n\rc",
        "  缩进  \n\u{3000}全角空格\u{3000}\n\t制表",
    ])
    func linesAndNumbersAreThoseOfNewlineCharacters(text: String) {
        // The reference: Swift's own newline Characters (`\r\n` is one).
        let reference = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .compactMap { offset, raw -> TextLine? in
                let trimmed = TextLines.trim(TextLines.withoutControlCharacters(raw))
                return trimmed.isEmpty ? nil : TextLine(line: offset + 1, text: trimmed)
            }
        let lines = TextLines.split(text)
        #expect(lines.map(\.line) == reference.map(\.line))
        #expect(lines.map(\.text) == reference.map(\.text))
    }

    @Test func aCarriageReturnAndLineFeedCountOnce() {
        #expect(TextLines.split("一\r\n二\n\n三").map(\.line) == [1, 2, 4])
    }
}
