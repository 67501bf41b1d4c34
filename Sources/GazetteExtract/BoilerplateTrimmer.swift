import GazetteCore

/// Drops the site chrome scraped pages end with (`相关词条`, `热门词条`, `联系我们`, `打印本页`): a run of short
/// trailing lines with no sentence punctuation after the last section's text.
///
/// The last section always keeps its first body line, so a report whose section 六 reads just `无` keeps it.
struct BoilerplateTrimmer {
    let maxCharacters: Int

    private static let sentencePunctuation: Set<Character> = ["。", "，", "；", "：", "！", "？", ",", ";", "!", "?", ":"]

    /// Removes the trailing chrome from `lines`, shortening the last section; returns what was removed.
    func trim(_ lines: inout [TextLine], sections: inout [SectionSpan]) -> [TextLine] {
        guard var last = sections.last else { return [] }
        var cut = lines.count
        let keep = min(last.start + 1, lines.count)
        while cut > keep, isChrome(lines[cut - 1].text) { cut -= 1 }
        guard cut < lines.count else { return [] }
        let dropped = Array(lines[cut...])
        lines.removeSubrange(cut...)
        last.end = min(last.end, cut)
        sections[sections.count - 1] = last
        return dropped
    }

    private func isChrome(_ text: String) -> Bool {
        text.count <= maxCharacters && !text.contains(where: Self.sentencePunctuation.contains)
            && !text.contains(where: \.isNumber)
    }
}
