import Foundation
import GazetteCore

/// A ``PhraseDictionary`` laid out for the converter's inner loop: every key and value as UTF-8 in flat memory,
/// the keys found by their first code point through a table (no hashing), a match compared and copied as bytes.
/// Built once per process; read by every thread through its ``Matcher``.
final class CompiledDictionary: Sendable {
    /// The dictionary's memory, as plain pointers: the converter reads it through a value that holds no
    /// reference, so its loop retains and releases nothing.
    let matcher: Matcher

    /// Gazette's own phrase dictionaries, already read.
    convenience init(_ dictionary: PhraseDictionary) {
        var bytes: [UInt8] = [], lines: [PhraseDictionary.Line] = []
        for entry in dictionary.entries.values {
            let keyStart = bytes.count
            bytes.append(contentsOf: entry.key.utf8)
            let valueStart = bytes.count
            bytes.append(contentsOf: entry.value.utf8)
            lines.append(PhraseDictionary.Line(key: keyStart..<valueStart, value: valueStart..<bytes.count))
        }
        self.init(matcher: bytes.withUnsafeBufferPointer { Self.compile($0, lines: lines) })
    }

    /// A dictionary's text (``PhraseDictionary/lines(of:)``), compiled on its bytes with no String or hashing per
    /// entry: OpenCC's dictionaries are compiled at every start.
    convenience init(text: String) throws {
        self.init(matcher: try text.withUTF8InPlace { try Self.compile($0, lines: PhraseDictionary.lines(of: $0)) })
    }

    private init(matcher: Matcher) { self.matcher = matcher }

    /// From the keys and values `lines` points at in `bytes` (valid UTF-8); of lines with the same key, the last.
    private static func compile(_ bytes: UnsafeBufferPointer<UInt8>, lines: [PhraseDictionary.Line]) -> Matcher {
        func key(_ line: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[lines[line].key]) }
        let firsts = lines.map { bytes.codePoint(at: $0.key.lowerBound).value }
        // By first code point; within one, longest first, then in byte (= code-point) order, then the latest line
        // first: the same longest match ``PhraseDictionary`` finds, in an order that never depends on hashing. Of
        // two keys that both match at a position one is a prefix of the other, so longest in bytes is longest in
        // code points.
        let order = lines.indices.sorted { a, b in
            if firsts[a] != firsts[b] { return firsts[a] < firsts[b] }
            let x = key(a), y = key(b)
            if x.count != y.count { return x.count > y.count }
            let difference = memcmp(x.baseAddress!, y.baseAddress!, x.count)
            return difference != 0 ? difference < 0 : a > b
        }
        let bmpFirsts = firsts.filter { $0 < 0x10000 }
        let base = bmpFirsts.min() ?? 0
        var slots = [Int32](repeating: -1, count: bmpFirsts.max().map { Int($0 - base) + 1 } ?? 0)
        var higherFirsts: [UInt32] = [], higherLists: [Int32] = []
        var listStart: [Int32] = [0], keyStart: [Int32] = [0], valueStart: [Int32] = [0]
        var keyBytes: [UInt8] = [], valueBytes: [UInt8] = []
        keyBytes.reserveCapacity(bytes.count)
        valueBytes.reserveCapacity(bytes.count)
        var previous: Int?
        for index in order {
            if let previous, key(previous).elementsEqual(key(index)) { continue }  // an earlier line's key, replaced
            let first = firsts[index]
            if previous == nil || firsts[previous!] != first {
                // A new list: the previous one ends here.
                if previous != nil { listStart.append(Int32(keyStart.count - 1)) }
                let list = Int32(listStart.count - 1)
                if first < 0x10000 {
                    slots[Int(first - base)] = list
                } else {
                    // In code-point order, as `order` is: searched by halves.
                    higherFirsts.append(first)
                    higherLists.append(list)
                }
            }
            previous = index
            keyBytes.append(contentsOf: key(index))
            keyStart.append(Int32(keyBytes.count))
            valueBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lines[index].value]))
            valueStart.append(Int32(valueBytes.count))
        }
        if previous != nil { listStart.append(Int32(keyStart.count - 1)) }
        return Matcher(slots: .frozen(slots), base: base, higherFirsts: .frozen(higherFirsts),
                       higherLists: .frozen(higherLists), listStart: .frozen(listStart), keyStart: .frozen(keyStart),
                       keyBytes: .frozen(keyBytes), valueStart: .frozen(valueStart), valueBytes: .frozen(valueBytes))
    }

    deinit { matcher.deallocate() }

    /// The dictionary's tables. A key's list is found by its first code point: `slots[c - base]` for the Basic
    /// Multilingual Plane's code points that start a key (-1: none; a table of every code point below U+30000,
    /// 768 KB a dictionary, was a third of the process's start-up in page faults and clearing), `higherLists`
    /// beside `higherFirsts` for the supplementary planes' rare characters. List `l` holds the keys
    /// `listStart[l] ..< listStart[l + 1]`, longest first; key `k` is `keyBytes[keyStart[k] ..< keyStart[k + 1]]`,
    /// its value `valueBytes[valueStart[k] ..< valueStart[k + 1]]`.
    ///
    /// Immutable after the build and owned by its ``CompiledDictionary``, which outlives every converter holding
    /// this value; hence `@unchecked Sendable`.
    struct Matcher: @unchecked Sendable {
        fileprivate let slots: UnsafeBufferPointer<Int32>
        fileprivate let base: UInt32
        fileprivate let higherFirsts: UnsafeBufferPointer<UInt32>
        fileprivate let higherLists: UnsafeBufferPointer<Int32>
        fileprivate let listStart: UnsafeBufferPointer<Int32>
        fileprivate let keyStart: UnsafeBufferPointer<Int32>
        fileprivate let keyBytes: UnsafeBufferPointer<UInt8>
        fileprivate let valueStart: UnsafeBufferPointer<Int32>
        fileprivate let valueBytes: UnsafeBufferPointer<UInt8>

        /// The index of the longest key that starts `text` at `index`, whose first code point is `first`, and ends
        /// by `end`; -1 when none does.
        @inline(__always)
        func longestKey(in text: UnsafeBufferPointer<UInt8>, at index: Int, first: UInt32, end: Int) -> Int {
            let list: Int
            if first &- base < UInt32(slots.count) {
                list = Int(slots[Int(first &- base)])
            } else if first < 0x10000 {
                return -1
            } else {
                list = higherList(of: first)
            }
            guard list >= 0 else { return -1 }
            let available = end - index
            for key in Int(listStart[list])..<Int(listStart[list + 1]) {
                let start = Int(keyStart[key]), length = Int(keyStart[key + 1]) - start
                guard length <= available else { continue }
                // The first code point is the list's: its bytes need no comparison; a lead byte tells their number.
                var offset = first < 0x80 ? 1 : first < 0x800 ? 2 : first < 0x10000 ? 3 : 4
                while offset < length, text[index + offset] == keyBytes[start + offset] { offset += 1 }
                if offset == length { return key }
            }
            return -1
        }

        /// The UTF-8 bytes of key `key`.
        @inline(__always)
        func key(_ key: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: keyBytes[Int(keyStart[key])..<Int(keyStart[key + 1])])
        }

        /// The length in bytes of key `key`.
        @inline(__always)
        func keyLength(_ key: Int) -> Int { Int(keyStart[key + 1] - keyStart[key]) }

        /// The UTF-8 bytes of key `key`'s value.
        @inline(__always)
        func value(_ key: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: valueBytes[Int(valueStart[key])..<Int(valueStart[key + 1])])
        }

        private func higherList(of first: UInt32) -> Int {
            var low = 0, high = higherFirsts.count
            while low < high {
                let middle = (low + high) / 2
                if higherFirsts[middle] < first { low = middle + 1 } else { high = middle }
            }
            return low < higherFirsts.count && higherFirsts[low] == first ? Int(higherLists[low]) : -1
        }

        fileprivate func deallocate() {
            for buffer in [UnsafeRawBufferPointer(slots), UnsafeRawBufferPointer(higherFirsts), UnsafeRawBufferPointer(higherLists),
                           UnsafeRawBufferPointer(listStart), UnsafeRawBufferPointer(keyStart), UnsafeRawBufferPointer(keyBytes),
                           UnsafeRawBufferPointer(valueStart), UnsafeRawBufferPointer(valueBytes)] {
                buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
            }
        }
    }
}

private extension UnsafeBufferPointer {
    /// A copy of `array` in memory of its own, freed by ``CompiledDictionary/Matcher/deallocate()``.
    static func frozen(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(array.count, 1))
        _ = memory.initialize(from: array)
        return UnsafeBufferPointer(rebasing: memory[0..<array.count])
    }
}
