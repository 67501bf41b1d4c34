import Foundation
import GazetteTestSupport
import Testing
@testable import GazetteDecode

/// The share of common characters, counted on UTF-8 bytes: each kind of code point by its encoded length.
@Suite struct CommonCharactersTests {
    @Test(arguments: [
        ("政府信息公开", 1.0),       // common Han characters
        ("plain ASCII", 1.0),       // no non-ASCII at all
        ("é中", 0.5),               // two bytes: never common
        ("𠀀中", 0.5),              // four bytes: never common
        ("，。「」", 1.0),           // full-width and CJK punctuation
        ("—…", 1.0),                // U+2014, U+2026: general punctuation counted common
        ("‰中", 0.5),               // U+2030: just past it
        ("ü中é公", 0.5),            // mixed, in any order
        ("a中b", 1.0),
    ] as [(String, Double)])
    func countsEachKindOfCodePoint(text: String, share: Double) {
        #expect(CommonCharacters.share(in: text) == share)
        #expect(CommonCharacters.share(in: Substring(text)) == share)
    }

    /// The table is GB2312 level 1 (3,755 characters) and Big5 level 1 (5,401), which share a few thousand
    /// characters written alike in both scripts.
    @Test func holdsBothLevelOneSets() {
        let characters = CommonCharacters.characters
        #expect(characters.count > 5_401 && characters.count < 3_755 + 5_401)
        for common in "政府信息公开年度报告申请" as String { #expect(characters.contains(common)) }
        for traditional in "資訊檔案報告" as String { #expect(characters.contains(traditional)) }
        // GB2312 level 2 and rare characters are not common.
        for rare in "亍丌嬲冫氽乜㐀" as String { #expect(!characters.contains(rare)) }
    }

    /// The evidence's percent is written as `%.0f` wrote it, ties to even included (12.5 → 12, 37.5 → 38, 99.5 → 100): every
    /// share a text of up to 400 non-ASCII code points can have, and random ones.
    @Test func wholePercentRoundsAsPrintfDid() {
        var disagreements: [Double] = []
        func compare(_ share: Double) {
            if "\(CommonCharacters.wholePercent(share))" != String(format: "%.0f", share * 100) { disagreements.append(share) }
        }
        for total in 1...400 {
            for common in 0...total { compare(Double(common) / Double(total)) }
        }
        var generator = SeededRandom(seed: 15)
        for _ in 0..<100_000 { compare(Double.random(in: 0...1, using: &generator)) }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(CommonCharacters.wholePercent(0.125) == 12)
        #expect(CommonCharacters.wholePercent(0.375) == 38)
        #expect(CommonCharacters.wholePercent(0.995) == 100)
    }
}
