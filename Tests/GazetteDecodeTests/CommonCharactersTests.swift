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
}
