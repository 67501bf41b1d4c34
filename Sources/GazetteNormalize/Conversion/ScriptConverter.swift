import Foundation
import GazetteCore

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
///
/// The text is read on its UTF-8 bytes: a match copies its value's bytes, a stretch no key starts is copied
/// whole, a step's output feeds the next through a reused buffer, and a text nothing changes is returned as it
/// came (most lines of a simplified report).
struct ScriptConverter: Sendable {
    typealias Group = [CompiledDictionary]

    let name: String
    let segmentation: Group
    let chain: [Group]
    /// The groups' matchers, in one array: the segmentation's, then each step's (`steps`), so the loop reads them
    /// through one buffer. The dictionaries above keep their memory alive.
    private let matchers: [CompiledDictionary.Matcher]
    private let steps: [Range<Int>]

    init(name: String, segmentation: Group, chain: [Group]) {
        self.name = name
        self.segmentation = segmentation
        self.chain = chain
        var matchers = segmentation.map(\.matcher)
        var steps: [Range<Int>] = []
        for group in chain {
            let start = matchers.count
            matchers += group.map(\.matcher)
            steps.append(start..<matchers.count)
        }
        self.matchers = matchers
        self.steps = steps
    }

    func convert(_ text: String) -> String {
        var buffers = Buffers()
        return convert(text, reusing: &buffers)
    }

    /// The buffers a conversion writes into, kept from one text to the next of a document: with buffers of its
    /// own, every line (most of which are converted to themselves) cost one to three allocations.
    struct Buffers {
        var output: [UInt8] = []
        var between: [UInt8] = []
        var next: [UInt8] = []
    }

    /// ``convert(_:)`` with the buffers of the texts before it.
    func convert(_ text: String, reusing buffers: inout Buffers) -> String {
        let converted: String? = text.withUTF8InPlace { input in
            // An empty text has no bytes to compare, and may have no buffer at all.
            guard !input.isEmpty else { return nil }
            return matchers.withUnsafeBufferPointer { matchers in
                var run = Run(input: input, matchers: matchers, segmentation: 0..<segmentation.count, steps: steps,
                              buffers: &buffers)
                run.convert()
                swap(&run.buffers, &buffers)
                return buffers.output.withUnsafeBufferPointer { output in
                    let same = output.count == input.count && memcmp(output.baseAddress!, input.baseAddress!, input.count) == 0
                    return same ? nil : String(decoding: output, as: UTF8.self)
                }
            }
        }
        return converted ?? text
    }

    /// One text's conversion: its output, and the buffers that carry a segment from one step to the next.
    private struct Run {
        let input: UnsafeBufferPointer<UInt8>
        let matchers: UnsafeBufferPointer<CompiledDictionary.Matcher>
        let segmentation: Range<Int>
        let steps: [Range<Int>]
        /// Moved in from the caller, emptied, and moved back when the text is done.
        var buffers = Buffers()

        init(input: UnsafeBufferPointer<UInt8>, matchers: UnsafeBufferPointer<CompiledDictionary.Matcher>,
             segmentation: Range<Int>, steps: [Range<Int>], buffers: inout Buffers) {
            self.input = input
            self.matchers = matchers
            self.segmentation = segmentation
            self.steps = steps
            swap(&self.buffers, &buffers)
            self.buffers.output.removeAll(keepingCapacity: true)
            self.buffers.output.reserveCapacity(input.count + input.count / 8)
        }

        mutating func convert() {
            guard input.count > 0 else { return }
            guard !segmentation.isEmpty else {
                convert(segment: 0..<input.count)
                return
            }
            var pending = 0, index = 0
            while index < input.count {
                let (first, width) = input.codePoint(at: index)
                var length = 0
                for dictionary in segmentation {
                    let matcher = matchers[dictionary]
                    let key = matcher.longestKey(in: input, at: index, first: first, end: input.count)
                    if key >= 0 {
                        length = matcher.keyLength(key)
                        break
                    }
                }
                guard length > 0 else {
                    index += width
                    continue
                }
                if pending < index { convert(segment: pending..<index) }
                convert(segment: index..<(index + length))
                index += length
                pending = index
            }
            if pending < input.count { convert(segment: pending..<input.count) }
        }

        /// One segment of the input through the chain, appended to `output`. A step before the last writes into
        /// `between`, read by the next.
        private mutating func convert(segment: Range<Int>) {
            guard let last = steps.indices.last else {
                buffers.output.append(contentsOf: UnsafeBufferPointer(rebasing: input[segment]))
                return
            }
            guard last > 0 else {
                Self.convert(input, segment, with: matchers, steps[0], into: &buffers.output)
                return
            }
            buffers.between.removeAll(keepingCapacity: true)
            Self.convert(input, segment, with: matchers, steps[0], into: &buffers.between)
            for step in 1...last {
                buffers.between.withUnsafeBufferPointer { text in
                    if step < last {
                        buffers.next.removeAll(keepingCapacity: true)
                        Self.convert(text, 0..<text.count, with: matchers, steps[step], into: &buffers.next)
                    } else {
                        Self.convert(text, 0..<text.count, with: matchers, steps[step], into: &buffers.output)
                    }
                }
                if step < last { swap(&buffers.between, &buffers.next) }
            }
        }

        /// `text[segment]` through one group: at each position its first dictionary with a match gives the
        /// longest key's value; the stretches between matches are copied whole.
        private static func convert(_ text: UnsafeBufferPointer<UInt8>, _ segment: Range<Int>,
                                    with matchers: UnsafeBufferPointer<CompiledDictionary.Matcher>, _ group: Range<Int>,
                                    into output: inout [UInt8]) {
            var index = segment.lowerBound, copied = index
            scan: while index < segment.upperBound {
                let (first, width) = text.codePoint(at: index)
                for dictionary in group {
                    let matcher = matchers[dictionary]
                    let key = matcher.longestKey(in: text, at: index, first: first, end: segment.upperBound)
                    if key >= 0 {
                        if copied < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<index])) }
                        output.append(contentsOf: matcher.value(key))
                        index += matcher.keyLength(key)
                        copied = index
                        continue scan
                    }
                }
                index += width
            }
            if copied < segment.upperBound {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<segment.upperBound]))
            }
        }
    }
}
