/// Reads the number in a table cell: counts, signed deltas (`-8`, `+1036`, `减4`), amounts with a unit
/// (`1237.40万元`, `251000元`, bare `52.15`), and the placeholders that mean "unknown" (blank, `/`, `-`, `—`, `无`),
/// which are never read as 0. Full-width forms (`１２`, `＋`) read as their ASCII counterparts.
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
        for original in raw.unicodeScalars {
            let scalar = (0xFF01...0xFF5E).contains(original.value) ? Unicode.Scalar(original.value - 0xFEE0)! : original
            if scalar == "," || scalar == "，" || scalar.isWhiteSpace { continue }
            text.append(scalar)
        }
        if text.count <= 2, placeholders.contains(String(String.UnicodeScalarView(text))) {
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
            switch first {
            case "+", "增": start = 1
            case "-", "减", "減": sign = -1; start = 1
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
        guard let number = Double(String(String.UnicodeScalarView(text[start..<end]))) else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        return CellValue(value: sign * number, unit: unit)
    }

}
