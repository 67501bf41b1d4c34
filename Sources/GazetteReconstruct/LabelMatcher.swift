/// Matches a label as read against every label of the templates.
struct LabelMatcher: Sendable {
    struct Match: Sendable {
        var entry: TemplateLibrary.Entry
        var score: Double
    }

    let library: TemplateLibrary
    /// Matches scoring below this are discarded.
    let threshold: Double

    /// All matches at or above the threshold, best first.
    func matches(_ key: LabelKey) -> [Match] {
        guard !key.text.isEmpty else { return [] }
        var found: [Match] = []
        for entry in library.entries {
            let score = Self.score(key, entry.key)
            if score >= threshold { found.append(Match(entry: entry, score: score)) }
        }
        return found.sorted { $0.score > $1.score }
    }

    /// Text similarity, adjusted by numbering: the same numbering confirms a row, a different one or a
    /// numbering where the template has none (a header cell) counts against.
    static func score(_ read: LabelKey, _ template: LabelKey) -> Double {
        var score = LabelSimilarity.score(read.text, template.text)
        if score < 1, containsWhole(read.text, template.text) { score = max(score, 0.85) }
        switch (read.number, template.number) {
        case let (read?, template?): score += read == template ? 0.1 : -0.3
        case (_?, nil): score -= 0.3
        default: break
        }
        return score
    }

    /// A read label that holds the whole template label plus an unbracketed note (`现行有效件数历史累计`).
    private static func containsWhole(_ read: String, _ template: String) -> Bool {
        template.count >= 4 && read.count <= template.count * 2 && read.hasPrefix(template)
    }
}
