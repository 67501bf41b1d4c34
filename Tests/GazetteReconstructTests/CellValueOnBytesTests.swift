import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteReconstruct

/// `CellValue.read`, `CellValue.splittingNote` and `Tokenizer.cutAfterNotes` read the text's UTF-8 bytes; the
/// versions they replaced read its code points through String's scalar views. Those are kept here, word for word,
/// as the reference the byte versions must agree with on every text.
@Suite struct CellValueOnBytesTests {
    /// Pieces cells are made of: digits in both widths, signs and sign words, units in both scripts, brackets in
    /// both widths, notes' words, placeholders, separators and white space.
    static let pieces = ["0", "1", "7", "9", "１", "９", ".", "．", ",", "，", " ", "\u{3000}", "+", "-", "＋", "－", "—", "–",
                         "−", "增", "加", "减", "少", "減", "万元", "萬元", "亿元", "元", "件", "個", "项", "次", "%", "％",
                         "(", ")", "（", "）", "其中", "修订", "含", "a", "/", "／", "无", "無", "_", "空", "——", "规章",
                         "第", "条", "😀", "é"]

    /// Whole notes after numbers, for texts that hold several cells run together.
    static let notes = ["22（其中修订16件）", "55(含自然失效29件)", "8件（其中规章2件）", "１２（含３件）", "7(2)", "（一）", "3）"]

    static func randomTexts(count: Int, seed: UInt64, from pieces: [String] = pieces) -> [String] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 0...9, using: &generator)
            return (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func readAgreesWithTheScalarVersion() {
        var disagreements: [String] = []
        for text in Self.randomTexts(count: 200_000, seed: 7) + Self.pieces + ["22（其中修订16件）", "8件（其中规章2件）", "(其中修订16件)"] {
            let bytes = CellValue.read(text), scalars = ScalarCellValue.read(text)
            if bytes != scalars { disagreements.append("\(text): \(bytes) against \(scalars)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test func splittingNoteAgreesWithTheScalarVersion() {
        var disagreements: [String] = []
        for text in Self.randomTexts(count: 200_000, seed: 11) {
            let bytes = CellValue.splittingNote(Substring(text)), scalars = ScalarCellValue.splittingNote(Substring(text))
            if bytes.body != scalars.body || bytes.note != scalars.note { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test func cutAfterNotesAgreesWithTheScalarVersion() {
        var disagreements: [String] = []
        var cut = 0
        for text in Self.randomTexts(count: 100_000, seed: 13) + Self.randomTexts(count: 100_000, seed: 17, from: Self.pieces + Self.notes) + ["69（其中修订16件）3665（含自然失效29件）"] {
            let bytes = Tokenizer.cutAfterNotes(Substring(text)), scalars = ScalarCellValue.cutAfterNotes(Substring(text))
            if bytes != scalars { disagreements.append(text) }
            if bytes.count > 1 { cut += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        // The random texts reach the cutting itself, not only its early exits.
        #expect(cut > 1_000)
    }

    /// `trimmed` and the tokenizer's cell split read white space on the bytes; the definition is the code points'
    /// `isWhiteSpace` at either end, and a cell break is white space other than one space.
    @Test func trimmingAndCellBreaksAgreeWithTheCodePoints() {
        let pieces = Self.pieces + ["\t", "\u{A0}", "\u{85}", "\u{2003}", "\u{200B}", "\u{1680}", "\u{205F}", "\u{2028}", "\r\n",
                                    "  ", "\u{3000}\u{3000}", "\u{301}"]
        var disagreements: [String] = []
        for text in Self.randomTexts(count: 200_000, seed: 23, from: pieces) {
            let scalars = text.unicodeScalars
            let start = scalars.firstIndex { !$0.isWhiteSpace }
            let expected = start.map { String(scalars[$0...scalars.lastIndex { !$0.isWhiteSpace }!]) } ?? ""
            if text.trimmed != expected { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).map { $0.unicodeScalars.map(\.value) })")
        var breaks: [String] = [], broken = 0
        for text in Self.randomTexts(count: 200_000, seed: 29, from: pieces) {
            var text = text
            let (fast, reference) = text.withUTF8 { (Tokenizer.hasCellBreak($0), Self.hasCellBreakByCodePoints($0)) }
            if fast != reference { breaks.append(text) }
            if fast { broken += 1 }
        }
        #expect(breaks.isEmpty, "\(breaks.prefix(20).map { $0.unicodeScalars.map(\.value) })")
        #expect(broken > 20_000 && broken < 180_000)
        #expect(Tokenizer.cells(of: "本年新收  12  3") == ["本年新收", "12", "3"])
        #expect(Tokenizer.cells(of: "本年 新收 12") == ["本年 新收 12"])
    }

    /// A cell break as defined on the code points: white space other than a space, or a space after white space.
    static func hasCellBreakByCodePoints(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = false
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.isWhiteSpace, scalar != " " || previousWasSpace { return true }
            previousWasSpace = scalar.isWhiteSpace
        }
        return false
    }

    /// `numberCount` counts a plain text's numbers on its bytes; the characters' `isNumber` stays the definition,
    /// and the answer for text that is not plain (combining marks, a prepended mark, CR LF, emoji).
    @Test func numberCountAgreesWithTheCharacters() {
        let pieces = Self.pieces + ["一", "十", "〇", "万", "亿", "½", "\u{301}", "\u{0600}", "\r\n", "\r", "\n", "\t", "\u{20E3}",
                                    "٣", "\u{3021}", "\u{302A}", "\u{FFFD}", "Ⅻ"]
        var disagreements: [String] = []
        var plain = 0
        for text in Self.randomTexts(count: 200_000, seed: 19, from: pieces) {
            if text.unicodeScalars.allSatisfy({ $0.isASCII || Unicode.Scalar.isPlainCharacter($0.value) }) { plain += 1 }
            if text.numberCount != text.reduce(0, { $0 + ($1.isNumber ? 1 : 0) }) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).map { $0.unicodeScalars.map(\.value) })")
        // Both ways are taken: plain text on its bytes, the rest by its characters.
        #expect(plain > 20_000 && plain < 180_000)
        #expect("1\u{301}2".numberCount == 2 && "\u{0600}1".numberCount == 0 && "一二三".numberCount == 3)
    }
}

/// The scalar versions, as they were before they moved onto bytes.
private enum ScalarCellValue {
    static let placeholders = CellValue.placeholders
    private static let units = ["万元", "亿元", "元", "件", "个", "项", "次", "%"]
    private static let unitSpellings = ["萬元": "万元", "億元": "亿元", "個": "个", "項": "项"]

    /// Whether a piece of text reads as a cell value at all (used to tell values from labels).
    static func isValueText(_ text: String) -> Bool {
        !read(text).unreadable
    }

    /// Whether the text is a value with digits: what follows a table row's label.
    static func isNumber(_ text: String) -> Bool {
        isValueText(text) && text.contains(where: \.isNumber)
    }

    /// Units by their spellings, as scalars (full-width already folded); the traditional spellings first.
    private static let unitSuffixes: [(spelling: [Unicode.Scalar], unit: String)] =
        (unitSpellings.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 } + units.map { ($0, $0) })
            .map { (Array($0.0.unicodeScalars), $0.1) }

    /// Reads a cell. Called for every cell and for every piece of run-together digits tried, so it works on
    /// scalars in one pass and allocates one small array; whole numbers of up to 15 digits are read without
    /// going through `Double(String)` (they are exact either way).
    static func read(_ raw: String) -> CellValue {
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(raw.utf8.count)
        // On bytes: this runs for every cell and every piece of a run tried. `）` is EF BC 89.
        let hasNote = raw.utf8.last == 0x29 || (raw.utf8.last == 0x89 && raw.unicodeScalars.last == "）")
        for original in hasNote ? splittingNote(Substring(raw)).body.unicodeScalars : Substring(raw).unicodeScalars {
            let scalar = (0xFF01...0xFF5E).contains(original.value) ? Unicode.Scalar(original.value - 0xFEE0)! : original
            if scalar == "," || scalar == "，" || scalar.isWhiteSpace { continue }
            // Labels and prose come here too (telling values from labels): turned away by their first code point,
            // before the rest of a long line is copied.
            if text.isEmpty, !startsValue(scalar) { return CellValue(value: nil, unit: nil, unreadable: true) }
            text.append(scalar)
        }
        // No placeholder starts with a digit: short numbers (most cells) skip making a String to look up.
        if text.count <= 2, !(text.first?.isASCIIDigit ?? false), placeholders.contains(String(scalars: text)) {
            return CellValue(value: nil, unit: nil)
        }
        var end = text.count
        var unit: String?
        for (spelling, canonical) in unitSuffixes where end >= spelling.count && text[(end - spelling.count)..<end].elementsEqual(spelling) {
            end -= spelling.count
            unit = canonical
            break
        }
        var start = 0
        var sign = 1.0
        if let first = text.first {
            // `增加4`, `减少4` and `—4` (a dash alone is a placeholder, read above) are changes too.
            let second = text.count > 1 ? text[1] : nil
            switch first {
            case "+", "增": start = second == "加" ? 2 : 1
            case "-", "减", "減": sign = -1; start = second == "少" ? 2 : 1
            case "—", "–", "−": sign = -1; start = 1
            default: break
            }
        }
        guard start < end, text[start].isASCIIDigit, text[end - 1] != "." else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        var points = 0
        var whole = 0
        for index in start..<end {
            let scalar = text[index]
            if scalar == "." {
                points += 1
            } else if scalar.isASCIIDigit {
                if points == 0, index - start < 15 { whole = whole * 10 + Int(scalar.value - 48) }
            } else {
                return CellValue(value: nil, unit: nil, unreadable: true)
            }
        }
        guard points <= 1 else { return CellValue(value: nil, unit: nil, unreadable: true) }
        if points == 0, end - start <= 15 { return CellValue(value: sign * Double(whole), unit: unit) }
        guard let number = Double(String(scalars: text[start..<end])) else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        return CellValue(value: sign * number, unit: unit)
    }

    /// Whether a (folded) code point can begin a readable cell: a digit, a sign, or a placeholder's first code
    /// point. Every other first code point leaves `read` nothing to read.
    private static func startsValue(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "+", "-", "增", "减", "減", "—", "–", "−", "/", "无", "無", "_", "空": true
        default: false
        }
    }

    /// A cell's text without the bracketed note that ends it, and the note (brackets included): `22（其中修订16件）`
    /// is `22` and `（其中修订16件）`. A note holds a word (`(2)` is not one) and follows a number or its unit;
    /// without one, the text is returned whole.
    static func splittingNote(_ text: Substring) -> (body: Substring, note: Substring?) {
        guard let close = text.unicodeScalars.last, close == ")" || close == "）" else { return (text, nil) }
        let scalars = text.unicodeScalars
        guard let open = scalars.lastIndex(where: { $0 == "(" || $0 == "（" }), open > scalars.startIndex else {
            return (text, nil)
        }
        let inside = scalars[scalars.index(after: open)..<scalars.index(before: scalars.endIndex)]
        guard inside.contains(where: isWordScalar) else { return (text, nil) }
        let body = text[..<open]
        var end = body.unicodeScalars.endIndex
        while end > body.unicodeScalars.startIndex, isUnitScalar(body.unicodeScalars[body.unicodeScalars.index(before: end)]) {
            end = body.unicodeScalars.index(before: end)
        }
        guard end > body.unicodeScalars.startIndex else { return (text, nil) }
        let last = body.unicodeScalars[body.unicodeScalars.index(before: end)]
        guard last.isASCIIDigit || (0xFF10...0xFF19).contains(last.value) else { return (text, nil) }
        return (body, text[open...])
    }

    /// A letter or an ideograph: what makes bracketed text a note rather than a number.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && !scalar.isASCIIDigit
    }

    /// A scalar of a unit's spelling (`万元`, `件`, `%`).
    private static func isUnitScalar(_ scalar: Unicode.Scalar) -> Bool {
        unitSuffixes.contains { $0.spelling.contains(scalar) }
    }

    static func cutAfterNotes(_ part: Substring) -> [Substring] {
        // A note follows a number (``CellValue/splittingNote(_:)``): a piece with no digit, such as a label
        // `（一）主动公开`, has none to cut. Asked on the bytes first: most pieces with brackets are such labels.
        guard part.utf8.contains(where: \.isASCIIDigit)
            || (part.utf8.contains(0xEF) && part.unicodeScalars.contains { (0xFF10...0xFF19).contains($0.value) }) else { return [part] }
        let scalars = part.unicodeScalars
        guard scalars.contains(where: { $0 == ")" || $0 == "）" }) else { return [part] }
        var pieces: [Substring] = []
        var start = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if scalars[index] == ")" || scalars[index] == "）", next < scalars.endIndex,
               splittingNote(Substring(scalars[start..<next])).note != nil {
                pieces.append(Substring(scalars[start..<next]))
                start = next
            }
            index = next
        }
        if start < scalars.endIndex { pieces.append(Substring(scalars[start...])) }
        return pieces
    }

}
