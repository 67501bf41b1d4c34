/// Gazette's own script conversion, over OpenCC's dictionaries (`Pipelines/dictionaries/opencc/`) with OpenCC's
/// algorithm as libopencc 1.1.6 runs it, so a report's text does not depend on the OpenCC a machine has:
///
/// 1. Segmentation (`mmseg`): at each position the segmentation group's first dictionary with a key starting
///    there gives its longest such key, a segment of its own; characters no key starts gather into one segment.
/// 2. Each step of the conversion chain, within each segment: at each position the step's first dictionary with
///    a match gives its longest key's first value; a character no key starts is kept.
///
/// In a group the first dictionary with any match wins, not the longest match across the group (1.1.6's
/// `DictGroup::MatchPrefix`; a configuration that puts Gazette's phrases first relies on it).
struct ScriptConverter: Sendable {
    typealias Group = [PhraseDictionary]

    let name: String
    let segmentation: Group
    let chain: [Group]

    func convert(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var pending = 0
        var index = 0
        while index < scalars.count {
            guard let match = Self.firstMatch(segmentation, in: scalars, at: index, end: scalars.count) else {
                index += 1
                continue
            }
            if pending < index { append(scalars[pending..<index], to: &output) }
            append(scalars[index..<(index + match.length)], to: &output)
            index += match.length
            pending = index
        }
        if pending < scalars.count { append(scalars[pending...], to: &output) }
        return String(output)
    }

    /// One segment through the chain, appended to `output`.
    private func append(_ segment: ArraySlice<Unicode.Scalar>, to output: inout String.UnicodeScalarView) {
        var current = Array(segment)
        for group in chain { current = Self.convert(current, with: group) }
        output.append(contentsOf: current)
    }

    private static func convert(_ segment: [Unicode.Scalar], with group: Group) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(segment.count)
        var index = 0
        while index < segment.count {
            if let match = firstMatch(group, in: segment, at: index, end: segment.count) {
                result += match.value
                index += match.length
            } else {
                result.append(segment[index])
                index += 1
            }
        }
        return result
    }

    /// The first dictionary of `group` with a key starting at `index`: its longest such key.
    private static func firstMatch(_ group: Group, in text: [Unicode.Scalar], at index: Int, end: Int)
        -> (length: Int, value: [Unicode.Scalar])? {
        for dictionary in group {
            if let match = dictionary.longestMatch(in: text, at: index, end: end) { return (match.length, match.value) }
        }
        return nil
    }
}
