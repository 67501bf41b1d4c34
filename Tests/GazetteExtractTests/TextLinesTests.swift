import GazetteCore
import GazetteTestSupport
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

/// A line is trimmed on its bytes when the code points its kept text starts and ends with are plain, by its
/// characters otherwise; both must keep the same text, blank code points that join a character included.
@Suite struct TrimOnBytesTests {
    static let pieces = [" ", "\t", "\u{3000}", "\u{A0}", "\u{FEFF}", "\u{200B}", "\r\n", "\u{2028}", "规章", "8", "a", "（一）",
                         "\u{301}", "e\u{301}", "é", "\u{200D}", "😀", "\u{1F1E8}\u{1F1F3}", "\u{85}", "\u{FF11}"]

    @Test func bytesAndCharactersKeepTheSameText() {
        var random = SeededRandom(seed: 21)
        func next(_ bound: Int) -> Int { random.next(upTo: bound) }
        var disagreements: [String] = []
        for _ in 0..<100_000 {
            let text = (0..<next(8)).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
            // As a line, and as a piece of a longer text (a Substring that does not start at its String's start).
            let inner = Substring("x" + text + "x").dropFirst().dropLast()
            for piece in [Substring(text), inner] where TextLines.trim(piece) != TextLines.trimmedByCharacters(piece) {
                disagreements.append(String(piece).unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(TextLines.trim("\u{3000} 规章 8\u{FEFF}\t") == "规章 8")
        #expect(TextLines.trim(" \u{200B}\u{3000}") == "")
    }

    /// The trimmed text is copied by its byte offsets (``Swift/Substring/slice(utf8Offsets:)``), counted from the
    /// start of the piece, not of the String it is cut from.
    @Test func aSliceByByteOffsetsIsThoseBytes() {
        let line = "（一）主动公开 规章 8"
        let piece = line.dropFirst(3)
        #expect(Array(String(piece.slice(utf8Offsets: 0..<12)).utf8) == Array("主动公开".utf8))
        #expect(String(piece.slice(utf8Offsets: 13..<19)) == "规章")
        #expect(String(line.slice(utf8Offsets: 9..<21)) == "主动公开")
        #expect(String(line.slice(utf8Offsets: 0..<0)).isEmpty)
    }

    /// ``Swift/StringProtocol/withUTF8InPlace(_:)`` hands over the text's own bytes, and only its own: a small
    /// string (kept inside the value), a large one, and a Substring that starts and ends inside its String.
    @Test func bytesReadInPlaceAreTheTextsOwn() {
        var random = SeededRandom(seed: 23)
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<random.next(upTo: 24)).map { _ in Self.pieces[random.next(upTo: Self.pieces.count)] }.joined()
            let inner = Substring("前" + text + "x").dropFirst().dropLast()
            let cut = text.dropFirst(random.next(upTo: 3)).dropLast(random.next(upTo: 3))
            if text.withUTF8InPlace(Array.init) != Array(text.utf8) { disagreements.append(text) }
            for piece in [inner, cut] where piece.withUTF8InPlace(Array.init) != Array(piece.utf8) {
                disagreements.append(String(piece))
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10).map { $0.unicodeScalars.map(\.value) })")
        #expect("".withUTF8InPlace(\.count) == 0)
        #expect("（一）主动公开".dropFirst(3).withUTF8InPlace { String(decoding: $0, as: UTF8.self) } == "主动公开")
    }
}
