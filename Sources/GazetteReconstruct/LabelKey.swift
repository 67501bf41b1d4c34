import Foundation
import GazetteCore

/// The form labels are compared in: numbering split off, bracketed annotations, quotes, punctuation and
/// white space removed (template.md §1 "Matching", §5 items 3 and 11).
///
/// Built for every cell a document has, so it works on Unicode scalars: comparing `Character`s goes through
/// grapheme breaking and normalisation, several times slower, and every character involved here is one scalar.
struct LabelKey: Equatable, Sendable {
    /// What a key holds, made once and shared: a token, a template entry and the cache of keys met refer to the
    /// same storage, so copying a key (tokens are copied through every step of reading a table) is one reference.
    private final class Storage: Sendable {
        let text: String
        let scalars: [Unicode.Scalar]
        let number: String?
        let folded: Folded

        init(scalars: [Unicode.Scalar], number: String?) {
            let text = String(scalars: scalars)
            self.text = text
            self.scalars = scalars
            self.number = number
            folded = Folded(text: UTF8Text(text), number: number.map(UTF8Text.init))
        }
    }

    private let storage: Storage

    /// The folded label text.
    var text: String { storage.text }
    /// The same, as code points: what the edit distance compares, kept so it is not rebuilt per comparison.
    var scalars: [Unicode.Scalar] { storage.scalars }
    /// The numbering in front of the label, normalised: `一`, `(一)` or `1`; nil when there is none.
    var number: String? { storage.number }
    /// What a label's matches and scores depend on, the key of the memos that remember them across documents.
    var folded: Folded { storage.folded }

    /// Equal keys have the same code points (not merely canonically equivalent text) and numbering.
    static func == (lhs: LabelKey, rhs: LabelKey) -> Bool {
        lhs.storage === rhs.storage || (lhs.number == rhs.number && lhs.scalars == rhs.scalars)
    }

    /// This key with another numbering.
    func numbered(_ number: String?) -> LabelKey { LabelKey(storage: Storage(scalars: scalars, number: number)) }

    private init(storage: Storage) { self.storage = storage }

    // The character classes below are switches, not sets: a label key is built for every cell and every line
    // of prose a report has, and hashing each code point into a set cost more than the rest of the folding.
    // Shared with ``LabelScanner``, which folds run-together text the same way.

    /// 一 to 十.
    @inline(__always)
    static func isChineseNumeral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": true
        default: false
        }
    }

    /// White space, quotes and punctuation, which labels are compared without.
    @inline(__always)
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\u{3000}", "“", "”", "\"", "'", "‘", "’", "「", "」", "『", "』", "、", ",", "，", "。", ":", "：",
             ";", "；", "·", "・": true
        default: false
        }
    }

    @inline(__always)
    private static func isOpener(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", "（", "[", "【": true
        default: false
        }
    }

    @inline(__always)
    private static func isCloser(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ")", "）", "]", "】": true
        default: false
        }
    }

    init(_ raw: String) {
        storage = raw.withUTF8InPlace { Self.fold($0) }
    }

    /// The key of a label's UTF-8 bytes (a String's: valid), read as code points straight from the bytes: every line
    /// of prose comes here, most of them met once, and the String's scalar view cost more than the folding.
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> Storage {
        // The numbering is read from the first three code points that are not white space (`(一)`, `12.`; a third
        // digit is no numbering).
        let (number, numbering) = withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: 3) { head in
            var count = 0
            forEachCodePoint(of: bytes, skipping: 0) { scalar in
                head[count] = scalar
                count += 1
                return count < 3
            }
            var afterNumber = head[0..<count]
            let number = takeNumbering(&afterNumber)
            return (number, count - afterNumber.count)
        }
        // One pass over the code points after the numbering, straight into the folded form: bracketed annotations
        // dropped (a bracketed numeral of one or two code points kept: `第(五)项`), then quotes, punctuation and case.
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(max(bytes.count { $0 & 0xC0 != 0x80 } - numbering, 1))
        var kept = 0
        var depth = 0
        var inner: (count: Int, first: Unicode.Scalar, second: Unicode.Scalar, numeral: Bool) = (0, " ", " ", true)
        forEachCodePoint(of: bytes, skipping: numbering) { scalar in
            if isOpener(scalar) {
                depth += 1
                if depth == 1 { inner = (0, " ", " ", true) }
            } else if isCloser(scalar) {
                if depth == 1, inner.count > 0, inner.count <= 2, inner.numeral {
                    // Numerals and digits: never dropped, and without case.
                    folded.append(inner.first)
                    if inner.count == 2 { folded.append(inner.second) }
                    kept += inner.count
                }
                depth = max(0, depth - 1)
            } else if depth == 0 {
                kept += 1
                if !isDropped(scalar) { lowercase(scalar) { folded.append($0) } }
            } else {
                if inner.count == 0 { inner.first = scalar } else if inner.count == 1 { inner.second = scalar }
                inner.count += 1
                if !(isChineseNumeral(scalar) || scalar.isASCIIDigit) { inner.numeral = false }
            }
            return true
        }
        if kept == 0 {
            // A label that is nothing but a bracketed note (the 勾稽关系 cell) keeps its note.
            folded.removeAll(keepingCapacity: true)
            forEachCodePoint(of: bytes, skipping: numbering) { scalar in
                if scalar != "(" && scalar != ")" && !isDropped(scalar) { lowercase(scalar) { folded.append($0) } }
                return true
            }
        }
        return Storage(scalars: folded, number: number)
    }

    /// Calls `body` with each code point of `bytes` that is not white space, after the first `skipping` of them,
    /// until it returns false.
    @inline(__always)
    private static func forEachCodePoint(of bytes: UnsafeBufferPointer<UInt8>, skipping: Int,
                                         _ body: (Unicode.Scalar) -> Bool) {
        var index = 0
        var skipped = 0
        while index < bytes.count {
            let (value, length) = bytes.codePoint(at: index)
            index += length
            guard !Unicode.Scalar.isWhiteSpace(value) else { continue }
            guard skipped == skipping else {
                skipped += 1
                continue
            }
            // Decoded from a String's bytes: a valid code point.
            guard body(Unicode.Scalar(value).unsafelyUnwrapped) else { return }
        }
    }

    /// A code point lowercased as labels are compared: ASCII directly, others by their lowercase mapping
    /// (one or, rarely, several code points, each passed to `emit`).
    @inline(__always)
    static func lowercase(_ scalar: Unicode.Scalar, _ emit: (Unicode.Scalar) -> Void) {
        if scalar.isASCII {
            emit(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
        } else if (0x3000..<0xA000).contains(scalar.value) {
            // CJK symbols, kana and ideographs have no case: no property lookup for most of a report.
            emit(scalar)
        } else if scalar.properties.changesWhenLowercased {
            scalar.properties.lowercaseMapping.unicodeScalars.forEach(emit)
        } else {
            emit(scalar)
        }
    }


    /// Longer than any label of a report's tables could read (the longest template label is 105 bytes, and a
    /// label read holds it whole with a note of at most its length again): text past it is prose.
    static let longestLabelBytes = 240

    /// The key of a label as read from a document, remembered across documents: reports repeat the template's
    /// labels, so most cells of a bulk run are folded once per process.
    static func cached(_ raw: String) -> LabelKey {
        // A line of prose is a label too, but not seen again: not worth a place in the cache.
        guard raw.utf8.count <= longestLabelBytes else { return LabelKey(raw) }
        return cache.value(for: UTF8Text(raw)) { LabelKey(raw) }
    }

    private static let cache = BoundedCache<UTF8Text, LabelKey>(capacity: 100_000)

    /// The numbering at the start of a label's code points, taken off them.
    static func takeNumbering<Scalars: Collection<Unicode.Scalar>>(_ text: inout Scalars) -> String?
        where Scalars.SubSequence == Scalars {
        // (一) or （一）: width is already folded by normalize, but labels from templates may not be.
        if let open = text.first, open == "(" || open == "（" {
            let inner = text.dropFirst()
            if let numeral = inner.first, isChineseNumeral(numeral),
               let close = inner.dropFirst().first, close == ")" || close == "）" {
                text = inner.dropFirst(2)
                return "(\(numeral))"
            }
            return nil
        }
        if let numeral = text.first, isChineseNumeral(numeral),
           let separator = text.dropFirst().first, separator == "、" || separator == "." || separator == "．" {
            text = text.dropFirst(2)
            return String(numeral)
        }
        let digits = text.prefix(while: \.isASCIIDigit)
        if !digits.isEmpty, digits.count <= 2 {
            let rest = text.dropFirst(digits.count)
            if let separator = rest.first, separator == "." || separator == "、" || separator == "．" {
                text = rest.dropFirst()
                return String(scalars: digits)
            }
        }
        return nil
    }

}

extension LabelKey {
    /// What a label's matches and scores depend on: its folded text and numbering, hashed and compared as bytes
    /// (``UTF8Text``).
    struct Folded: Hashable, Sendable {
        var text: UTF8Text
        var number: UTF8Text?
    }

    /// A template label's key, with the numbering the template gives separately when the label has none.
    static func template(_ label: String, number: String?) -> LabelKey {
        let key = LabelKey(label)
        guard key.number == nil, let number else { return key }
        return key.numbered(LabelKey("\(number)、x").number ?? number)
    }
}

/// How alike two folded labels are, from 0 to 1: one minus the edit distance relative to the longer label,
/// so one dropped character in a long label still matches (`年废止件数`, `政许可`) while short labels must be
/// nearly exact.
enum LabelSimilarity {
    static func score(_ a: String, _ b: String) -> Double {
        score(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func score(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar]) -> Double {
        if x == y { return x.isEmpty ? 0 : 1 }
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let longest = max(x.count, y.count)
        // The length difference alone already costs that many edits.
        guard let distance = distance(x, y, limit: longest / 2) else { return 0 }
        return 1 - Double(distance) / Double(longest)
    }

    /// The edit distance of two scalar arrays, or nil once it must exceed `limit` (rows stop early).
    /// The two rows live on the stack: this runs some ten thousand times per report (choosing each table's
    /// format scores every label read against every label of the format).
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(x.count - y.count) > limit { return nil }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        let width = y.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { rows -> Int? in
            var previous = 0, current = width
            for j in 0..<width { rows[j] = j }
            for i in 1...x.count {
                rows[current] = i
                var rowMinimum = i
                for j in 1...y.count {
                    let substitution = rows[previous + j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                    let value = min(substitution, rows[previous + j] + 1, rows[current + j - 1] + 1)
                    rows[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > limit { return nil }
                swap(&previous, &current)
            }
            return rows[previous + y.count] <= limit ? rows[previous + y.count] : nil
        }
    }
}
