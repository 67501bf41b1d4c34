/// Reads the number in a table cell: counts, signed deltas (`-8`, `+1036`, `减4`), amounts with a unit
/// (`1237.40万元`, `251000元`, bare `52.15`), and the placeholders that mean "unknown" (blank, `/`, `-`, `—`, `无`),
/// which are never read as 0.
struct CellValue: Equatable, Sendable {
    var value: Double?
    var unit: String?
    /// The text could not be read as a number or a placeholder.
    var unreadable = false

    static let placeholders: Set<String> = ["", "/", "-", "—", "——", "－", "无", "無", "_", "／", "空"]
    private static let units = ["万元", "亿元", "元", "件", "个", "项", "次", "%"]
    private static let unitSpellings = ["萬元": "万元", "億元": "亿元", "個": "个", "項": "项"]

    /// Whether a piece of text reads as a cell value at all (used to tell values from labels).
    static func isValueText(_ text: String) -> Bool {
        let parsed = read(text, kind: .amount)
        return !parsed.unreadable
    }

    static func read(_ raw: String, kind: HeaderTemplate.Kind) -> CellValue {
        var text = Substring(raw.filter { !$0.isWhitespace && $0 != "," && $0 != "，" })
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

    /// Whether the value is acceptable for a column of this kind. A number with more digits than a double
    /// holds exactly (20-digit runs) never is: it would be stored wrong without a word.
    func fits(_ kind: HeaderTemplate.Kind) -> Bool {
        guard let value else { return true }
        if abs(value) >= 9_007_199_254_740_992 { return false }
        switch kind {
        case .count: return value >= 0 && value == value.rounded()
        case .signed: return value == value.rounded()
        case .amount: return value >= 0
        }
    }
}
