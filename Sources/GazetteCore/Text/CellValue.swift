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

    /// Units by their spellings, as scalars (full-width already folded); the traditional spellings first.
    private static let unitSuffixes: [(spelling: [Unicode.Scalar], unit: String)] =
        (unitSpellings.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 } + units.map { ($0, $0) })
            .map { (Array($0.0.unicodeScalars), $0.1) }

    /// Reads a cell. Called for every cell and for every piece of run-together digits tried, so it works on
    /// scalars in one pass and allocates one small array; whole numbers of up to 15 digits are read without
    /// going through `Double(String)` (they are exact either way).
    public static func read(_ raw: String) -> CellValue {
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
    public static func splittingNote(_ text: Substring) -> (body: Substring, note: Substring?) {
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
}
