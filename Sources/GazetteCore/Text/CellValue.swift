/// Reads the number in a table cell: counts, signed deltas (`-8`, `+1036`, `减4`, `增加4`, `—4`), amounts with a unit
/// (`1237.40万元`, `251000元`, bare `52.15`), and the placeholders that mean "unknown" (blank, `/`, `-`, `—`, `无`),
/// which are never read as 0. Full-width forms (`１２`, `＋`) read as their ASCII counterparts. A note in
/// brackets after the number (`22（其中修订16件）`, `55（含自然失效29件）`, as PDF copies print them) says
/// something of the count and is not a count: the cell reads as the number before it.
///
/// The one definition of "a value" for every stage: extract uses it to tell a table row's label (followed by
/// numbers) from a heading, reconstruct to read cells.
public struct CellValue: Equatable, Sendable {
    public var value: Double?
    public var unit: String?
    /// The text could not be read as a number or a placeholder.
    public var unreadable = false

    public init(value: Double?, unit: String?, unreadable: Bool = false) {
        self.value = value
        self.unit = unit
        self.unreadable = unreadable
    }

    public static let placeholders: Set<String> = ["", "/", "-", "—", "——", "－", "无", "無", "_", "／", "空"]
    private static let units = ["万元", "亿元", "元", "件", "个", "项", "次", "%"]
    private static let unitSpellings = ["萬元": "万元", "億元": "亿元", "個": "个", "項": "项"]

    /// Whether a piece of text reads as a cell value at all (used to tell values from labels).
    public static func isValueText(_ text: String) -> Bool {
        !read(text).unreadable
    }

    /// Whether the text is a value with digits: what follows a table row's label.
    public static func isNumber(_ text: String) -> Bool {
        isValueText(text) && text.contains(where: \.isNumber)
    }

    /// Units by their spellings, as code points (full-width already folded); the traditional spellings first.
    private static let unitSuffixes: [(spelling: [UInt32], unit: String)] =
        (unitSpellings.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 } + units.map { ($0, $0) })
            .map { ($0.0.unicodeScalars.map(\.value), $0.1) }

    /// Reads a cell. Called for every cell, for every piece of run-together digits tried, and for every line
    /// extract and reconstruct must tell from a value, so it works on the text's UTF-8 bytes, with the code
    /// points kept in a buffer on the stack: a label or a line of prose is turned away at its first code point,
    /// and whole numbers of up to 15 digits are read without going through `Double(String)` (exact either way).
    public static func read(_ raw: String) -> CellValue {
        raw.withUTF8InPlace { bytes in
            // A cell ending in a note is read without it; `）` is EF BC 89.
            let last = bytes.last
            let end = last == 0x29 || last == 0x89 ? noteStart(in: bytes) ?? bytes.count : bytes.count
            return read(UnsafeBufferPointer(rebasing: bytes[..<end]))
        }
    }

    /// Reads a cell's bytes, its note already cut off.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
        // A code point takes one byte at least: as many code points as bytes is room enough.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(bytes.count, 1)) { text -> CellValue in
            var count = 0
            var index = 0
            while index < bytes.count {
                let (original, length) = bytes.codePoint(at: index)
                index += length
                let scalar = (0xFF01...0xFF5E).contains(original) ? original - 0xFEE0 : original
                if scalar == 0x2C || scalar == 0xFF0C || Unicode.Scalar.isWhiteSpace(scalar) { continue }
                // Labels and prose are turned away by their first code point, before the rest of a long line is read.
                if count == 0, !startsValue(scalar) { return CellValue(value: nil, unit: nil, unreadable: true) }
                text[count] = scalar
                count += 1
            }
            return read(codePoints: UnsafeBufferPointer(rebasing: text[..<count]))
        }
    }

    /// Reads the code points of a cell: its commas and white space dropped, full-width forms folded, and its
    /// first code point one ``startsValue(_:)`` allows.
    private static func read(codePoints text: UnsafeBufferPointer<UInt32>) -> CellValue {
        // No placeholder starts with a digit: short numbers (most cells) skip making a String to look up.
        if text.count <= 2, !(text.first.map(isDigit) ?? false),
           placeholders.contains(String(scalars: text.map { Unicode.Scalar($0)! })) {
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
            case 0x2B, 0x589E: start = second == 0x52A0 ? 2 : 1                          // + 增 (加)
            case 0x2D, 0x51CF, 0x6E1B: sign = -1; start = second == 0x5C11 ? 2 : 1       // - 减 減 (少)
            case 0x2014, 0x2013, 0x2212: sign = -1; start = 1                            // — – −
            default: break
            }
        }
        guard start < end, isDigit(text[start]), text[end - 1] != 0x2E else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        var points = 0
        var whole = 0
        for index in start..<end {
            let scalar = text[index]
            if scalar == 0x2E {
                points += 1
            } else if isDigit(scalar) {
                if points == 0, index - start < 15 { whole = whole * 10 + Int(scalar - 48) }
            } else {
                return CellValue(value: nil, unit: nil, unreadable: true)
            }
        }
        guard points <= 1 else { return CellValue(value: nil, unit: nil, unreadable: true) }
        if points == 0, end - start <= 15 { return CellValue(value: sign * Double(whole), unit: unit) }
        // Only digits and one point are left: ASCII, one byte each.
        guard let number = Double(String(decoding: text[start..<end].map { UInt8($0) }, as: UTF8.self)) else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        return CellValue(value: sign * number, unit: unit)
    }

    @inline(__always)
    private static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    /// Whether a (folded) code point can begin a readable cell: a digit, a sign, or a placeholder's first code
    /// point. Every other first code point leaves `read` nothing to read.
    private static func startsValue(_ value: UInt32) -> Bool {
        switch value {
        case 0x30...0x39, 0x2B, 0x2D, 0x2F, 0x5F: true                      // 0-9 + - / _
        case 0x589E, 0x51CF, 0x6E1B, 0x2014, 0x2013, 0x2212: true           // 增 减 減 — – −
        case 0x65E0, 0x7121, 0x7A7A: true                                   // 无 無 空
        default: false
        }
    }

    /// A cell's text without the bracketed note that ends it, and the note (brackets included): `22（其中修订16件）`
    /// is `22` and `（其中修订16件）`. A note holds a word (`(2)` is not one) and follows a number or its unit;
    /// without one, the text is returned whole.
    public static func splittingNote(_ text: Substring) -> (body: Substring, note: Substring?) {
        guard let open = text.withUTF8InPlace({ noteStart(in: $0) }) else { return (text, nil) }
        let index = text.utf8.index(text.startIndex, offsetBy: open)
        return (text[..<index], text[index...])
    }

    /// Where the bracketed note that ends these UTF-8 bytes begins (the offset of its opening bracket), nil when
    /// they end in none: ``splittingNote(_:)`` on bytes, for the loops that ask it of every cell and piece.
    public static func noteStart(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        let close = bytes.codePointStart(before: bytes.count)
        let closing = bytes.codePoint(at: close).value
        guard closing == 0x29 || closing == 0xFF09 else { return nil }       // ) ）
        // The last opening bracket, and not the first code point: a note follows something.
        var open = close
        while true {
            guard open > 0 else { return nil }
            open = bytes.codePointStart(before: open)
            let value = bytes.codePoint(at: open).value
            if value == 0x28 || value == 0xFF08 { break }                   // ( （
        }
        guard open > 0 else { return nil }
        // A note holds a word.
        var index = open + bytes.codePoint(at: open).length
        var holdsWord = false
        while index < close {
            let (value, length) = bytes.codePoint(at: index)
            if isWordScalar(Unicode.Scalar(value)!) { holdsWord = true; break }
            index += length
        }
        guard holdsWord else { return nil }
        // It follows a number, or a number and its unit.
        var end = open
        while end > 0 {
            let previous = bytes.codePointStart(before: end)
            guard unitScalars.contains(bytes.codePoint(at: previous).value) else { break }
            end = previous
        }
        guard end > 0 else { return nil }
        let last = bytes.codePoint(at: bytes.codePointStart(before: end)).value
        guard isDigit(last) || (0xFF10...0xFF19).contains(last) else { return nil }
        return open
    }

    /// A letter or an ideograph: what makes bracketed text a note rather than a number.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && !scalar.isASCIIDigit
    }

    /// The code points of the units' spellings (`万元`, `件`, `%`).
    private static let unitScalars: Set<UInt32> = Set(unitSuffixes.flatMap(\.spelling))
}
