import GazetteCore
import Testing
@testable import GazetteReconstruct

@Suite struct CellValueTests {
    @Test(arguments: [
        ("8", 8.0, nil), ("1237.40万元", 1237.4, "万元"), ("1237.40萬元", 1237.4, "万元"), ("251000元", 251000, "元"),
        ("52.15", 52.15, nil), ("-8", -8, nil), ("+1036", 1036, nil), ("减4", -4, nil), ("1,036", 1036, nil),
    ] as [(String, Double, String?)])
    func readsNumbersAndUnits(raw: String, value: Double, unit: String?) {
        let cell = CellValue.read(raw)
        #expect(cell.value == value)
        #expect(cell.unit == unit)
        #expect(!cell.unreadable)
    }

    /// Every spelling of the placeholder list, and the full-width ones it folds to.
    @Test(arguments: Array(CellValue.placeholders) + ["——", "－", "／", " 无 ", "＿"])
    func placeholdersAreUnknownNeverZero(raw: String) async {
        let cell = CellValue.read(raw)
        #expect(cell.value == nil)
        #expect(!cell.unreadable)
        // `read` looks a short text up only when it does not start with a digit.
        #expect(!(raw.unicodeScalars.first?.isASCIIDigit ?? false))
    }

    /// Each way a value may begin: digits (full-width too), signs and sign words, after commas or spaces.
    @Test(arguments: [
        ("１２", 12.0), ("增加4", 4), ("增4", 4), ("减少4", -4), ("減4", -4), ("—4", -4), ("–4", -4), ("−4", -4),
        ("＋5", 5), ("－5", -5), (" 7", 7), (",8", 8), ("，9", 9),
    ] as [(String, Double)])
    func readsEveryStart(raw: String, value: Double) {
        #expect(CellValue.read(raw).value == value)
    }

    @Test(arguments: ["规章", "12a", "1.2.3", "第二十条", ".5", "件5", "本年度共收到申请123件"])
    func labelsAreNotValues(raw: String) async {
        #expect(!CellValue.isValueText(raw))
    }

    /// A note in brackets after a count says something of it (`22（其中修订16件）`): the cell is the count.
    @Test(arguments: [
        ("22（其中修订16件）", 22.0, nil), ("55(含自然失效29件)", 55, nil), ("1237.40万元（含追加3万元）", 1237.4, "万元"),
        ("8件（其中规章2件）", 8, "件"),
    ] as [(String, Double, String?)])
    func notesAfterANumberAreNotCounts(raw: String, value: Double, unit: String?) {
        let cell = CellValue.read(raw)
        #expect(cell.value == value)
        #expect(cell.unit == unit)
        #expect(!cell.unreadable)
    }

    /// Brackets that are no note: a bracketed number, or brackets after a word.
    @Test(arguments: ["22(16)", "第（一）项", "（二）部分公开", "(其中修订16件)"])
    func bracketsThatAreNoNoteAreNotValues(raw: String) {
        #expect(!CellValue.isValueText(raw))
    }

    @Test func countsMustBeWholeAndNotNegative() async {
        #expect(!CellValue.read("-3").fits(.count))
        #expect(!CellValue.read("2.5").fits(.count))
        #expect(CellValue.read("-3").fits(.signed))
    }
}

/// The fast white-space test agrees with Unicode's property on every code point.
@Suite struct WhiteSpaceTests {
    @Test func theFastTestAgreesWithTheUnicodeProperty() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isWhiteSpace != scalar.properties.isWhitespace { disagreements.append(value) }
        }
        #expect(disagreements == [])
    }

    /// The test on UTF-8 bytes gives every white-space code point its encoded length, and 0 to every other
    /// code point and to every position inside one.
    @Test func theByteTestAgreesWithTheCodePointTest() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8) + [0, 0, 0]  // room to read past a short sequence's end
            let lengths = bytes.withUnsafeBufferPointer { buffer in (0..<(bytes.count - 3)).map { buffer.whiteSpaceLength(at: $0) } }
            let expected = [scalar.isWhiteSpace ? bytes.count - 3 : 0] + Array(repeating: 0, count: bytes.count - 4)
            if lengths != expected { disagreements.append(value) }
        }
        #expect(disagreements == [])
    }

    /// The byte decoder gives every code point back with its encoded length.
    @Test func theByteDecoderReadsEveryCodePoint() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let decoded = bytes.withUnsafeBufferPointer { $0.codePoint(at: 0) }
            if decoded.value != value || decoded.length != bytes.count { disagreements.append(value) }
        }
        #expect(disagreements == [])
    }

    /// Trimming on bytes: every kind of white space at either end, none inside, all of it, none.
    @Test(arguments: [(" \t\u{3000}规章 8\u{00A0}\u{2028}", "规章 8"), ("\u{3000}\u{3000}", ""), ("", ""), ("规章", "规章"),
                      ("\u{205F}a\u{2009}b\u{1680}", "a\u{2009}b"), ("é\u{0085}", "é")])
    func trimmingOnBytes(text: String, trimmed: String) {
        #expect(text.trimmed == trimmed)
    }
}

/// The page numbers PDF text keeps where its pages break, and lines that only look like them.
@Suite struct PageNumberTests {
    @Test(arguments: ["— 4 —", "- 12 -", "-3-", "－ 5 －", "–7–", "第4页", "第 4 页 共 12 页", "第4页/共12页", "共12页 第4页"])
    func pageNumbersAreFound(line: String) {
        #expect(PageNumbers.isPageNumber(line))
    }

    @Test(arguments: ["4", "-4", "— —", "—", "第二十条第(一)项", "共12页", "- 12", "2020-01-20", "第4页内容如下"])
    func otherLinesAreNot(line: String) {
        #expect(!PageNumbers.isPageNumber(line))
    }
}

/// Pieces cut after the bracketed notes that follow numbers; brackets with no number before them stay whole.
@Suite struct NoteCuttingTests {
    @Test(arguments: [
        ("69（其中修订16件）3665（含自然失效29件）", ["69（其中修订16件）", "3665（含自然失效29件）"]),
        ("６９（其中修订１６件）３６６５（含自然失效２９件）", ["６９（其中修订１６件）", "３６６５（含自然失效２９件）"]),
        ("12万元（含追缴）5", ["12万元（含追缴）", "5"]),
        ("（一）主动公开", ["（一）主动公开"]),
        ("(2)3", ["(2)3"]),
        ("其他（说明）", ["其他（说明）"]),
    ] as [(String, [String])])
    func piecesEndAtNotes(text: String, pieces: [String]) {
        #expect(Tokenizer.cutAfterNotes(Substring(text)).map(String.init) == pieces)
    }
}

/// GazetteCore's byte search, against the offsets a search of the decoded text gives.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("一、总体情况", "情况", 12 as Int?), ("情况情况", "情况", 0), ("总体情", "情况", nil), ("", "情况", nil),
        ("abc", "", 0), ("情况", "情况", 0), ("aab", "ab", 1), ("事項事项", "事项", 6),
    ] as [(String, String, Int?)])
    func findsTheFirstOccurrence(text: String, needle: String, offset: Int?) {
        #expect(Array(text.utf8).firstOffset(of: Array(needle.utf8)) == offset)
    }
}

