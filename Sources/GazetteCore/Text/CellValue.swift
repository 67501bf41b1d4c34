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

    public static func read(_ raw: String) -> CellValue {
        let folded = String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
        }))
        var text = Substring(folded.filter { !$0.isWhitespace && $0 != "," && $0 != "，" })
        if placeholders.contains(String(text)) { return CellValue(value: nil, unit: nil) }
        var unit: String?
        for (spelling, canonical) in unitSpellings where text.hasSuffix(spelling) {
            text = text.dropLast(spelling.count)
            unit = canonical
        }
        if unit == nil {
            for candidate in units where text.hasSuffix(candidate) {
                text = text.dropLast(candidate.count)
                unit = candidate
                break
            }
        }
        var sign = 1.0
        if let first = text.first {
            switch first {
            case "+", "增": text = text.dropFirst()
            case "-", "减", "減", "－": sign = -1; text = text.dropFirst()
            default: break
            }
        }
        guard let first = text.first, first.isASCII, first.isNumber,
              text.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }),
              text.filter({ $0 == "." }).count <= 1, text.last != ".",
              let number = Double(text) else {
            return CellValue(value: nil, unit: nil, unreadable: true)
        }
        return CellValue(value: sign * number, unit: unit)
    }
}
