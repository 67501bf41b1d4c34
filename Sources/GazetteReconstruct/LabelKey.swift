/// The form labels are compared in: numbering split off, bracketed annotations, quotes, punctuation and
/// white space removed (template.md §1 "Matching", §5 items 3 and 11).
struct LabelKey: Equatable, Sendable {
    /// The folded label text.
    var text: String
    /// The numbering in front of the label, normalised: `一`, `(一)` or `1`; nil when there is none.
    var number: String?

    private static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    private static let dropped: Set<Character> = [
        " ", "\t", "\u{3000}", "“", "”", "\"", "'", "‘", "’", "「", "」", "『", "』", "、", ",", "，", "。", ":", "：",
        ";", "；", "·", "・",
    ]

    init(_ raw: String) {
        var text = Substring(raw.filter { !$0.isWhitespace })
        number = Self.takeNumbering(&text)
        let stripped = Self.removingBrackets(text)
        // A label that is nothing but a bracketed note (the 勾稽关系 cell) keeps its note.
        let body = stripped.isEmpty ? String(text.filter { $0 != "(" && $0 != ")" }) : stripped
        self.text = String(body.filter { !Self.dropped.contains($0) }).lowercased()
    }

    private static func takeNumbering(_ text: inout Substring) -> String? {
        // (一) or （一）: width is already folded by normalize, but labels from templates may not be.
        if let open = text.first, open == "(" || open == "（" {
            let inner = text.dropFirst()
            if let numeral = inner.first, chineseNumerals.contains(numeral),
               let close = inner.dropFirst().first, close == ")" || close == "）" {
                text = inner.dropFirst(2)
                return "(\(numeral))"
            }
            return nil
        }
        if let numeral = text.first, chineseNumerals.contains(numeral),
           let separator = text.dropFirst().first, separator == "、" || separator == "." || separator == "．" {
            text = text.dropFirst(2)
            return String(numeral)
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 2 {
            let rest = text.dropFirst(digits.count)
            if let separator = rest.first, separator == "." || separator == "、" || separator == "．" {
                text = rest.dropFirst()
                return String(digits)
            }
        }
        return nil
    }

    /// Removes bracketed annotations (`(设区的市…)`, `(区分处理的…)`), but keeps a bracketed numeral that is
    /// part of the label itself (`第二十条第(五)项`).
    private static func removingBrackets(_ text: Substring) -> String {
        var result = ""
        var depth = 0
        var inner = ""
        for character in text {
            switch character {
            case "(", "（", "[", "【":
                depth += 1
                if depth == 1 { inner = "" }
            case ")", "）", "]", "】":
                if depth == 1, !inner.isEmpty, inner.count <= 2,
                   inner.allSatisfy({ chineseNumerals.contains($0) || ($0.isASCII && $0.isNumber) }) {
                    result += inner
                }
                depth = max(0, depth - 1)
            default:
                if depth == 0 { result.append(character) } else { inner.append(character) }
            }
        }
        return result
    }
}

/// How alike two folded labels are, from 0 to 1: one minus the edit distance relative to the longer label,
/// so one dropped character in a long label still matches (`年废止件数`, `政许可`) while short labels must be
/// nearly exact.
enum LabelSimilarity {
    static func score(_ a: String, _ b: String) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let longest = max(x.count, y.count)
        // The length difference alone already costs that many edits.
        guard let distance = distance(x, y, limit: longest / 2) else { return 0 }
        return 1 - Double(distance) / Double(longest)
    }

    /// The edit distance of two scalar arrays, or nil once it must exceed `limit` (rows stop early).
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(x.count - y.count) > limit { return nil }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[y.count] <= limit ? previous[y.count] : nil
    }
}
