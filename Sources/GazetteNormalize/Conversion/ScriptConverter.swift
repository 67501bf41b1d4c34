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
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        // Two buffers the chain's steps write into in turn, reused across segments.
        var first: [Unicode.Scalar] = [], second: [Unicode.Scalar] = []
        scalars.withUnsafeBufferPointer { text in
            var discarded: [Unicode.Scalar] = []
            var pending = 0
            var index = 0
            while index < text.count {
                discarded.removeAll(keepingCapacity: true)
                let length = Self.appendFirstMatch(segmentation, in: text, at: index, end: text.count, to: &discarded)
                guard length > 0 else {
                    index += 1
                    continue
                }
                if pending < index { convert(text, pending..<index, into: &output, buffers: &first, &second) }
                convert(text, index..<(index + length), into: &output, buffers: &first, &second)
                index += length
                pending = index
            }
            if pending < text.count { convert(text, pending..<text.count, into: &output, buffers: &first, &second) }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: output)
        return String(result)
    }

    /// One segment through the chain, appended to `output`.
    private func convert(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ segment: Range<Int>, into output: inout [Unicode.Scalar],
                         buffers first: inout [Unicode.Scalar], _ second: inout [Unicode.Scalar]) {
        guard let last = chain.indices.last else {
            output += text[segment]
            return
        }
        if last == 0 {
            Self.convert(text, segment, with: chain[0], into: &output)
            return
        }
        first.removeAll(keepingCapacity: true)
        Self.convert(text, segment, with: chain[0], into: &first)
        for step in 1..<last {
            second.removeAll(keepingCapacity: true)
            first.withUnsafeBufferPointer { Self.convert($0, 0..<$0.count, with: chain[step], into: &second) }
            swap(&first, &second)
        }
        first.withUnsafeBufferPointer { Self.convert($0, 0..<$0.count, with: chain[last], into: &output) }
    }

    private static func convert(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ segment: Range<Int>, with group: Group,
                                into output: inout [Unicode.Scalar]) {
        var index = segment.lowerBound
        while index < segment.upperBound {
            let length = appendFirstMatch(group, in: text, at: index, end: segment.upperBound, to: &output)
            if length > 0 {
                index += length
            } else {
                output.append(text[index])
                index += 1
            }
        }
    }

    /// The first dictionary of `group` with a key starting at `index`: its longest such key's value appended to
    /// `output`, and that key's length; 0 when none.
    @inline(__always)
    private static func appendFirstMatch(_ group: Group, in text: UnsafeBufferPointer<Unicode.Scalar>, at index: Int, end: Int,
                                         to output: inout [Unicode.Scalar]) -> Int {
        // Through a buffer: the dictionaries are borrowed in place, not copied (and retained) a character at a time.
        group.withUnsafeBufferPointer { dictionaries in
            for number in dictionaries.indices {
                let length = dictionaries[number].appendMatch(in: text, at: index, end: end, to: &output)
                if length > 0 { return length }
            }
            return 0
        }
    }
}
