import GazetteCore
/// Finds the template's labels inside text that runs labels and numbers together
/// (`规章000规范性文件898989第二十条第(五)项…`), as crawled pages that lost their table markup do.
///
/// The text is folded as labels are (`LabelKey`: no spaces, quotes or punctuation; bracketed notes dropped,
/// bracketed numerals kept), every position is tried for the longest template label starting there, and a
/// label's numbering (`一、`, `(一)`, `1.`) is taken with it when the template gives that numbering, even when it
/// is glued to the numbers before it (`00000002.其他法律…`). What lies between labels is numbers or other text.
struct LabelScanner: Sendable {
    enum Segment: Equatable {
        case label(String)
        case values(String)
        case text(String)
    }

    // Code points throughout, not Characters: every line of a report's table sections is scanned, and
    // grapheme-cluster work dominated the stage. Every character that matters here is one code point.
    private struct Label: Sendable {
        var text: [Unicode.Scalar]
        /// The numbering the template prints before it, folded (`一`, `1.`, `1`), longest first.
        var numberings: [[Unicode.Scalar]]
    }

    private var labelsByFirst: [Unicode.Scalar: [Label]] = [:]
    /// The first code points of the labels below U+30000, a bit each: most positions of a text start no label,
    /// and are turned away here rather than by hashing their code point into `labelsByFirst`.
    private var firstBits = [UInt64](repeating: 0, count: 0x30000 / 64)
    /// Some label starts with an ASCII code point: without one, a text all of ASCII (a cell of numbers) holds none.
    private var someLabelStartsASCII = false

    init(library: TemplateLibrary) {
        var byText: [String: Set<String>] = [:]
        for entry in library.entries where entry.key.scalars.count >= 2 {
            var numbers = byText[entry.key.text, default: []]
            if let number = entry.key.number { numbers.insert(number) }
            byText[entry.key.text] = numbers
        }
        for (text, numbers) in byText {
            let numberings = numbers.flatMap { number -> [[Unicode.Scalar]] in
                let bare = Array(number.unicodeScalars.filter { $0 != "(" && $0 != ")" })
                return bare.allSatisfy(\.isASCIIDigit) ? [bare + ["."], bare] : [bare]
            }.sorted { $0.count > $1.count }
            let scalars = Array(text.unicodeScalars)
            labelsByFirst[scalars[0], default: []].append(Label(text: scalars, numberings: numberings))
        }
        for key in labelsByFirst.keys { labelsByFirst[key]!.sort { $0.text.count > $1.text.count } }
        for first in labelsByFirst.keys {
            if first.value < 0x30000 { firstBits[Int(first.value) / 64] |= 1 << UInt64(first.value % 64) }
            if first.isASCII { someLabelStartsASCII = true }
        }
    }

    /// Whether some label may start with `scalar`.
    @inline(__always)
    private func mayStartLabel(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30000 || firstBits[Int(scalar.value) / 64] & (1 << UInt64(scalar.value % 64)) != 0
    }

    /// The text cut into labels, values and other text; nil when no template label occurs in it.
    func scan(_ raw: String) -> [Segment]? {
        // A cell of numbers, asked first on its bytes: folding keeps ASCII ASCII.
        if !someLabelStartsASCII, raw.utf8.allSatisfy({ $0 < 0x80 }) { return nil }
        let characters = Array(raw.unicodeScalars)
        let folded = Self.fold(characters)
        var matches: [(rawStart: Int, rawEnd: Int)] = []
        var index = 0
        while index < folded.count {
            guard let label = longestLabel(in: folded, at: index) else {
                index += 1
                continue
            }
            var start = index
            for numbering in label.numberings where start >= numbering.count {
                let before = folded[(start - numbering.count)..<start]
                if before.elementsEqual(numbering, by: { $0.character == $1 }),
                   matches.last.map({ folded[start - numbering.count].raw >= $0.rawEnd }) ?? true {
                    start -= numbering.count
                    break
                }
            }
            let last = folded[index + label.text.count - 1].raw
            matches.append((folded[start].raw, Self.endIncludingNote(characters, after: last + 1)))
            index += label.text.count
        }
        guard !matches.isEmpty else { return nil }
        var segments: [Segment] = []
        var position = 0
        for match in matches {
            if match.rawStart > position, let gap = Self.gap(characters[position..<match.rawStart]) { segments.append(gap) }
            segments.append(.label(Self.string(characters[max(match.rawStart, position)..<match.rawEnd]).trimmed))
            position = max(position, match.rawEnd)
        }
        if position < characters.count, let gap = Self.gap(characters[position...]) { segments.append(gap) }
        return segments
    }

    private func longestLabel(in folded: [FoldedCharacter], at index: Int) -> Label? {
        guard mayStartLabel(folded[index].character), let candidates = labelsByFirst[folded[index].character] else { return nil }
        for label in candidates where label.text.count <= folded.count - index {
            var matches = true
            for offset in 1..<label.text.count where folded[index + offset].character != label.text[offset] {
                matches = false
                break
            }
            if matches { return label }
        }
        return nil
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(scalars: scalars)
    }

    private struct FoldedCharacter {
        var character: Unicode.Scalar
        /// Index of the character in the raw text.
        var raw: Int
    }

    /// The folded text, each character with its raw position.
    private static func fold(_ characters: [Unicode.Scalar]) -> [FoldedCharacter] {
        var folded: [FoldedCharacter] = []
        folded.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "(" || character == "（" {
                if let close = closingBracket(characters, from: index) {
                    let inner = characters[(index + 1)..<close]
                    if !inner.isEmpty, inner.count <= 2, inner.allSatisfy({ LabelKey.isChineseNumeral($0) || $0.isASCIIDigit }) {
                        // A bracketed numeral is numbering: it starts at its opening bracket.
                        for offset in (index + 1)..<close {
                            folded.append(FoldedCharacter(character: characters[offset], raw: offset == index + 1 ? index : offset))
                        }
                    }
                    index = close + 1
                    continue
                }
            }
            // Folded as ``LabelKey`` folds labels.
            if !character.isWhiteSpace, !LabelKey.isDropped(character) {
                LabelKey.lowercase(character) { folded.append(FoldedCharacter(character: $0, raw: index)) }
            }
            index += 1
        }
        return folded
    }

    private static func closingBracket(_ characters: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0
        for index in open..<min(characters.count, open + 200) {
            switch characters[index] {
            case "(", "（": depth += 1
            case ")", "）":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    /// Closing quotes and a bracketed note right after a label belong to it (`危及“三安全一稳定”`,
    /// `部分公开(区分处理的,…)`).
    private static func endIncludingNote(_ characters: [Unicode.Scalar], after end: Int) -> Int {
        var end = end
        while end < characters.count, closingQuotes.contains(characters[end]) { end += 1 }
        var index = end
        while index < characters.count, characters[index] == " " { index += 1 }
        if index < characters.count, characters[index] == "(" || characters[index] == "（",
           let close = closingBracket(characters, from: index) {
            let inner = characters[(index + 1)..<close]
            if !(inner.count <= 2 && inner.allSatisfy({ LabelKey.isChineseNumeral($0) || $0.properties.numericType != nil })) { return close + 1 }
        }
        return end
    }

    private static let closingQuotes: Set<Unicode.Scalar> = ["”", "\"", "'", "’", "」", "』"]

    private static let valueCharacters: Set<Unicode.Scalar> = [
        ".", ",", "+", "-", "/", "—", "－", "元", "万", "亿", "件", "个", "项", "%", "增", "减", "无", "_",
    ]

    /// The text between two labels, or after the last: values or other text; nil when it is only white space.
    private static func gap(_ piece: ArraySlice<Unicode.Scalar>) -> Segment? {
        let text = string(piece).trimmed
        if text.isEmpty { return nil }
        let scalars = text.unicodeScalars
        if scalars.allSatisfy({ $0.isWhiteSpace || $0.isASCIIDigit || valueCharacters.contains($0) }),
           scalars.contains(where: { $0.properties.numericType != nil || $0 == "/" || $0 == "—" || $0 == "无" || $0 == "-" }) {
            return .values(text)
        }
        return .text(text)
    }
}

extension String {
    /// Without white space at either end.
    var trimmed: String {
        // On the bytes: every line and cell of a report is trimmed.
        withUTF8InPlace { bytes in
            var start = 0
            while start < bytes.count {
                let length = bytes.whiteSpaceLength(at: start)
                if length == 0 { break }
                start += length
            }
            guard start < bytes.count else { return "" }
            // From the end back over the white space only, not through the whole text again.
            var end = bytes.count
            while end > start {
                let last = bytes.codePointStart(before: end)
                guard bytes.whiteSpaceLength(at: last) > 0 else { break }
                end = last
            }
            if start == 0, end == bytes.count { return self }
            return String(self.slice(utf8Offsets: start..<end))
        }
    }
}
