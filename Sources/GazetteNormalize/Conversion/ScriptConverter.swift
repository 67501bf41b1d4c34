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
/// The text is read as code points once; matches copy their values' UTF-8 bytes; a step's output feeds the next
/// through a reused buffer.
struct ScriptConverter: Sendable {
    typealias Group = [CompiledDictionary]

    let name: String
    let segmentation: Group
    let chain: [Group]

    func convert(_ text: String) -> String {
        let scalars = Self.codePoints(of: text)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var bytes: [UInt8] = []
        scalars.withUnsafeBufferPointer { text in
            var pending = 0
            var index = 0
            while index < text.count {
                var length = 0
                for dictionary in segmentation {
                    length = dictionary.matchLength(in: text, at: index, end: text.count)
                    if length > 0 { break }
                }
                guard length > 0 else {
                    index += 1
                    continue
                }
                if pending < index { convert(text, pending..<index, into: &output, bytes: &bytes) }
                convert(text, index..<(index + length), into: &output, bytes: &bytes)
                index += length
                pending = index
            }
            if pending < text.count { convert(text, pending..<text.count, into: &output, bytes: &bytes) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One segment through the chain, its UTF-8 appended to `output`. A step before the last writes its result
    /// into `bytes`, read again as code points by the next.
    private func convert(_ text: UnsafeBufferPointer<UInt32>, _ segment: Range<Int>, into output: inout [UInt8],
                         bytes: inout [UInt8]) {
        guard let last = chain.indices.last else {
            for index in segment { Self.appendUTF8(text[index], to: &output) }
            return
        }
        guard last > 0 else {
            Self.convert(text, segment, with: chain[0], into: &output)
            return
        }
        bytes.removeAll(keepingCapacity: true)
        Self.convert(text, segment, with: chain[0], into: &bytes)
        for step in 1...last {
            let codePoints = Self.codePoints(of: String(decoding: bytes, as: UTF8.self))
            if step < last { bytes.removeAll(keepingCapacity: true) }
            codePoints.withUnsafeBufferPointer { converted in
                if step < last {
                    Self.convert(converted, 0..<converted.count, with: chain[step], into: &bytes)
                } else {
                    Self.convert(converted, 0..<converted.count, with: chain[step], into: &output)
                }
            }
        }
    }

    private static func convert(_ text: UnsafeBufferPointer<UInt32>, _ segment: Range<Int>, with group: Group,
                                into output: inout [UInt8]) {
        var index = segment.lowerBound
        while index < segment.upperBound {
            let length = appendFirstMatch(group, in: text, at: index, end: segment.upperBound, to: &output)
            if length > 0 {
                index += length
            } else {
                appendUTF8(text[index], to: &output)
                index += 1
            }
        }
    }

    /// The first dictionary of `group` with a key starting at `index`: its longest such key's value appended to
    /// `output`, and that key's length; 0 when none.
    @inline(__always)
    private static func appendFirstMatch(_ group: Group, in text: UnsafeBufferPointer<UInt32>, at index: Int, end: Int,
                                         to output: inout [UInt8]) -> Int {
        for dictionary in group {
            let length = dictionary.appendMatch(in: text, at: index, end: end, to: &output)
            if length > 0 { return length }
        }
        return 0
    }

    /// The code points of `text`, through a loop that appends: `unicodeScalars.map` costs as much as the whole
    /// conversion.
    static func codePoints(of text: String) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { result.append(scalar.value) }
        return result
    }

    @inline(__always)
    private static func appendUTF8(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (value >> 6)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (value >> 12)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (value >> 18)))
            output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
