import GazetteCore

/// The digits Chinese text writes numbers with: section numbers (`一、总体情况`) and years (`二〇二〇年`).
enum ChineseDigits {
    /// 〇 and the characters written in its place (零, ○) for zero, then 一 … 九.
    static let values: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// The section a numeral before a heading names (一 … 八), nil for any other character.
    static func sectionNumber(_ character: Character) -> Int? {
        values[character].flatMap { (1...8).contains($0) ? $0 : nil }
    }

    /// ``sectionNumber(_:)`` of a code point: 一 … 八 told from the value, any other code point that is not a
    /// character alone (a compatibility ideograph such as U+F9D1, canonically 六) by its character.
    static func sectionNumber(scalar: UInt32) -> Int? {
        switch scalar {
        case 0x4E00: 1  // 一
        case 0x4E8C: 2  // 二
        case 0x4E09: 3  // 三
        case 0x56DB: 4  // 四
        case 0x4E94: 5  // 五
        case 0x516D: 6  // 六
        case 0x4E03: 7  // 七
        case 0x516B: 8  // 八
        default: Unicode.Scalar.isPlainCharacter(scalar) ? nil : Unicode.Scalar(scalar).flatMap { sectionNumber(Character($0)) }
        }
    }
}
