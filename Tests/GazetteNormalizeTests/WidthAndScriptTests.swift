import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteNormalize

/// Width folding and script counting read a line's UTF-8 bytes; they must see what a walk over its code points
/// sees, on text of every UTF-8 length and of every range they look for.
@Suite struct WidthAndScriptTests {
    /// Code points around the ranges that matter: ASCII, two-byte, three-byte below and inside the Han blocks,
    /// the full-width forms and their neighbours, the ideographic space, compatibility ideographs, planes 1 and 2.
    static let alphabet: [Unicode.Scalar] = [
        "a", "1", " ", "(", "é", "\u{3000}", "\u{3001}", "\u{2FFF}", "\u{3400}", "\u{4DBF}", "一", "政", "開", "开", "\u{9FFF}",
        "\u{F900}", "\u{FAFF}", "\u{FF00}", "\u{FF01}", "\u{FF10}", "\u{FF3F}", "\u{FF40}", "\u{FF5E}", "\u{FF5F}", "\u{FFE5}",
        "\u{1F600}", "\u{20000}", "\u{2FA1F}", "\u{30000}",
    ]

    static func randomLines(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            String(String.UnicodeScalarView((0..<random.next(upTo: 12)).map { _ in alphabet[random.next(upTo: alphabet.count)] }))
        }
    }

    /// The folding as it was written on code points.
    static func foldedByCodePoints(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0xFF01...0xFF5E: Unicode.Scalar(scalar.value - 0xFEE0)!
            case 0x3000: " "
            default: scalar
            }
        }))
    }

    @Test func foldingOnBytesAgreesWithCodePoints() {
        var disagreements: [String] = []
        for line in Self.randomLines(count: 100_000, seed: 3) where WidthFolding.fold(line) != Self.foldedByCodePoints(line) {
            disagreements.append(line)
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(WidthFolding.fold("（一）１２３：\u{3000}ａ～") == "(一)123: a~")
    }

    @Test func countingOnBytesSeesEveryHanCodePoint() throws {
        let none = try PhraseDictionary(text: "")
        let detector = ScriptDetector(converters: try ScriptConverters(domainPhrases: none, taiwanVocabulary: none))
        let lines = Self.randomLines(count: 20_000, seed: 9)
        let counts = detector.count(lines)
        #expect(counts.han == lines.reduce(0) { $0 + $1.unicodeScalars.filter(ScriptDetector.isHan).count })
        // Each code point counted alone adds up to the same: the walk over a line loses none.
        var alone = ScriptDetector.Counts()
        for scalar in lines.flatMap(\.unicodeScalars) {
            let one = detector.count([String(scalar)])
            alone.han += one.han
            alone.traditional += one.traditional
            alone.simplified += one.simplified
        }
        #expect(counts == alone)
        #expect(detector.count(["開開开"]) == ScriptDetector.Counts(traditional: 2, simplified: 1, han: 3))
    }
}
