import GazetteCore
/// Matches a label as read against every label of the templates.
///
/// Exact matches of the folded text come from a dictionary; only a label with none is compared with every
/// template label by edit distance, and then only with labels whose length allows a match at all.
struct LabelMatcher: Sendable {
    struct Match: Sendable {
        var entry: TemplateLibrary.Entry
        var score: Double
    }

    let library: TemplateLibrary
    /// Matches scoring below this are discarded.
    let threshold: Double
    private let entriesByText: [String: [Int]]
    private let scalars: [[Unicode.Scalar]]
    /// Each template label's characters as a 64-bit set (a character sets bit `scalar % 64`), to rule out
    /// most comparisons before any edit distance is computed.
    private let masks: [UInt64]
    /// Each template label's numbering, apart, so the loop below copies no entry.
    private let numbers: [String?]
    /// The longest template label, in code points: a read label far longer (a line of prose) matches none.
    private let longest: Int
    /// The longest folded template label in bytes, when every template label is plain text; nil otherwise.
    private let longestPlainBytes: Int?

    static func mask(_ scalars: [Unicode.Scalar]) -> UInt64 {
        scalars.reduce(0) { $0 | (1 << UInt64($1.value % 64)) }
    }

    init(library: TemplateLibrary, threshold: Double) {
        self.library = library
        self.threshold = threshold
        var byText: [String: [Int]] = [:]
        for (index, entry) in library.entries.enumerated() { byText[entry.key.text, default: []].append(index) }
        entriesByText = byText
        scalars = library.entries.map(\.key.scalars)
        masks = scalars.map(Self.mask)
        numbers = library.entries.map(\.key.number)
        longest = scalars.map(\.count).max() ?? 0
        let texts = library.entries.map(\.key.text)
        longestPlainBytes = texts.allSatisfy(\.isPlainText) ? texts.map(\.utf8.count).max() ?? 0 : nil
    }

    /// The matches of the labels met so far, by folded text and numbering: reports repeat the template's labels,
    /// so most labels of a bulk run are matched once per process, not hashed as Strings and sorted at every cell.
    private let known = BoundedCache<LabelKey.Folded, [Match]>(capacity: 50_000)

    /// All matches at or above the threshold, best first.
    func matches(_ key: LabelKey) -> [Match] {
        guard !key.text.isEmpty else { return [] }
        // A line of prose is a label too, but not seen again: not worth a place.
        guard key.text.utf8.count <= LabelKey.longestLabelBytes else { return computeMatches(key) }
        return known.value(for: key.folded) { computeMatches(key) }
    }

    private func computeMatches(_ key: LabelKey) -> [Match] {
        var found: [Match] = []
        if mayEqualATemplateLabel(key), let exact = entriesByText[key.text] {
            for index in exact {
                let score = Self.score(key, library.entries[index].key)
                if score >= threshold { found.append(Match(entry: library.entries[index], score: score)) }
            }
            return found.sorted { $0.score > $1.score }
        }
        let read = key.scalars
        // Numbering can add 0.1 to a text score: compare down to that.
        let floor = threshold - 0.1
        // Past twice the longest label nothing holds a template label whole, and past longest / floor no edit
        // distance is small enough: the loop below would rule out every label one by one.
        if read.count > 2 * longest, Double(read.count) * floor > Double(longest) { return [] }
        let readMask = Self.mask(read)
        for index in scalars.indices {
            let template = scalars[index]
            let longest = max(read.count, template.count)
            let allowed = Int((1 - floor) * Double(longest))
            var textScore = 0.0
            // The characters the two share bound how few edits can turn one into the other.
            let shared = (readMask & masks[index]).nonzeroBitCount
            if abs(read.count - template.count) <= allowed, shared >= min(read.count, template.count) - allowed,
               let distance = LabelSimilarity.distance(read, template, limit: allowed) {
                textScore = 1 - Double(distance) / Double(longest)
            }
            if textScore < 0.85, Self.containsWhole(read, template) { textScore = 0.85 }
            guard textScore + 0.1 >= threshold else { continue }
            let score = Self.numbered(textScore, key.number, numbers[index])
            if score >= threshold { found.append(Match(entry: library.entries[index], score: score)) }
        }
        return found.sorted { $0.score > $1.score }
    }

    /// Whether the folded text may equal a template label's, asked before hashing it (String's hash puts each
    /// code point through the NFC check, a line of prose too): plain text on both sides is equal only byte for
    /// byte, so a plain text longer than every template label equals none.
    private func mayEqualATemplateLabel(_ key: LabelKey) -> Bool {
        guard let longestPlainBytes, key.text.utf8.count > longestPlainBytes else { return true }
        return !key.scalars.allSatisfy { Unicode.Scalar.isPlainCharacter($0.value) }
    }

    /// Text similarity, adjusted by numbering: the same numbering confirms a row, a different one or a
    /// numbering where the template has none (a header cell) counts against.
    static func score(_ read: LabelKey, _ template: LabelKey) -> Double {
        adjusted(LabelSimilarity.score(read.scalars, template.scalars), read, template)
    }

    private static func adjusted(_ textScore: Double, _ read: LabelKey, _ template: LabelKey) -> Double {
        var score = textScore
        if score < 0.85, containsWhole(read.scalars, template.scalars) { score = 0.85 }
        return numbered(score, read.number, template.number)
    }

    private static func numbered(_ textScore: Double, _ read: String?, _ template: String?) -> Double {
        var score = textScore
        switch (read, template) {
        case let (read?, template?): score += read == template ? 0.1 : -0.3
        case (_?, nil): score -= 0.3
        default: break
        }
        return score
    }

    /// A read label that holds the whole template label plus an unbracketed note (`现行有效件数历史累计`).
    private static func containsWhole(_ read: [Unicode.Scalar], _ template: [Unicode.Scalar]) -> Bool {
        template.count >= 4 && read.count <= template.count * 2 && read.starts(with: template)
    }
}
