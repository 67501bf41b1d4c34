/// A ``PhraseDictionary`` laid out for the converter's inner loop: every key and value in flat arrays, the keys
/// found by their first code point through a table (no hashing for the code points that start most keys),
/// values kept as UTF-8 bytes so a match is copied, not encoded. Built once per process; read by every thread.
final class CompiledDictionary: Sendable {
    /// For a code point `base ..< base + slots.count`, the index of its list of keys in `listStart`; -1 when no
    /// key starts with it. The table spans the Basic Multilingual Plane's code points that start a key, no more:
    /// a table of every code point below U+30000 (768 KB a dictionary, eight dictionaries) was a third of the
    /// process's start-up, in page faults and clearing.
    private let slots: [Int32]
    private let base: UInt32
    /// The same for the code points outside the table (the supplementary planes: rare characters).
    private let higherSlots: [UInt32: Int32]
    /// List `l` holds the keys `listStart[l] ..< listStart[l + 1]`, longest first.
    private let listStart: [Int32]
    /// Key `k` is `keyScalars[keyStart[k] ..< keyStart[k + 1]]`, its value `valueBytes[valueStart[k] ..< valueStart[k + 1]]`.
    private let keyStart: [Int32]
    private let keyScalars: [UInt32]
    private let valueStart: [Int32]
    private let valueBytes: [UInt8]

    convenience init(_ dictionary: PhraseDictionary) {
        self.init(entries: dictionary.entries)
    }

    /// Straight from a dictionary's entries (``PhraseDictionary/entries(of:)``), with no matching index of its own.
    init(entries: [String: PhraseDictionary.Entry]) {
        // Every key and value appended to two flat arrays, then one sort of their indices: built at every start,
        // where an array per key, grouped in a dictionary, cost more than the rest of reading the dictionaries.
        var allScalars: [UInt32] = [], allBytes: [UInt8] = []
        var keyRanges: [Range<Int>] = [], valueRanges: [Range<Int>] = []
        allScalars.reserveCapacity(entries.count * 3)
        keyRanges.reserveCapacity(entries.count)
        valueRanges.reserveCapacity(entries.count)
        for entry in entries.values {
            let keyFrom = allScalars.count
            for scalar in entry.key.unicodeScalars { allScalars.append(scalar.value) }
            keyRanges.append(keyFrom..<allScalars.count)
            let valueFrom = allBytes.count
            allBytes.append(contentsOf: entry.value.utf8)
            valueRanges.append(valueFrom..<allBytes.count)
        }
        // By first code point; within one, longest first, then in code-point order: the same longest match
        // ``PhraseDictionary`` finds, in an order that never depends on hashing.
        let order = keyRanges.indices.sorted { a, b in
            let x = allScalars[keyRanges[a]], y = allScalars[keyRanges[b]]
            if x.first! != y.first! { return x.first! < y.first! }
            return x.count != y.count ? x.count > y.count : x.lexicographicallyPrecedes(y)
        }
        let firsts = order.map { allScalars[keyRanges[$0].lowerBound] }
        let bmpFirsts = firsts.filter { $0 < 0x10000 }
        let base = bmpFirsts.min() ?? 0
        var slots = [Int32](repeating: -1, count: bmpFirsts.max().map { Int($0 - base) + 1 } ?? 0)
        var higherSlots: [UInt32: Int32] = [:]
        var listStart: [Int32] = [0], keyStart: [Int32] = [0], valueStart: [Int32] = [0]
        var keyScalars: [UInt32] = [], valueBytes: [UInt8] = []
        keyScalars.reserveCapacity(allScalars.count)
        valueBytes.reserveCapacity(allBytes.count)
        for (position, index) in order.enumerated() {
            let first = firsts[position]
            if position == 0 || firsts[position - 1] != first {
                // A new list: the previous one ends here.
                if position > 0 { listStart.append(Int32(keyStart.count - 1)) }
                let list = Int32(listStart.count - 1)
                if first < 0x10000 { slots[Int(first - base)] = list } else { higherSlots[first] = list }
            }
            keyScalars += allScalars[keyRanges[index]]
            keyStart.append(Int32(keyScalars.count))
            valueBytes += allBytes[valueRanges[index]]
            valueStart.append(Int32(valueBytes.count))
        }
        if !order.isEmpty { listStart.append(Int32(keyStart.count - 1)) }
        self.slots = slots
        self.base = base
        self.higherSlots = higherSlots
        self.listStart = listStart
        self.keyStart = keyStart
        self.keyScalars = keyScalars
        self.valueStart = valueStart
        self.valueBytes = valueBytes
    }

    /// The length in code points of the longest key starting `text` at `index` and ending by `end`, its value's
    /// bytes appended to `output`; 0, nothing appended, when there is none.
    @inline(__always)
    func appendMatch(in text: UnsafeBufferPointer<UInt32>, at index: Int, end: Int, to output: inout [UInt8]) -> Int {
        guard let key = longestKey(in: text, at: index, end: end) else { return 0 }
        output.append(contentsOf: valueBytes[Int(valueStart[key])..<Int(valueStart[key + 1])])
        return Int(keyStart[key + 1] - keyStart[key])
    }

    /// The length in code points of the longest key starting `text` at `index` and ending by `end`; 0 for none.
    @inline(__always)
    func matchLength(in text: UnsafeBufferPointer<UInt32>, at index: Int, end: Int) -> Int {
        guard let key = longestKey(in: text, at: index, end: end) else { return 0 }
        return Int(keyStart[key + 1] - keyStart[key])
    }

    /// The index of the longest key starting `text` at `index` and ending by `end`.
    @inline(__always)
    private func longestKey(in text: UnsafeBufferPointer<UInt32>, at index: Int, end: Int) -> Int? {
        let first = text[index]
        let list: Int32
        if first &- base < UInt32(slots.count) {
            list = slots[Int(first &- base)]
        } else if first < 0x10000 {
            return nil
        } else {
            list = higherSlots[first] ?? -1
        }
        guard list >= 0 else { return nil }
        let available = end - index
        for key in Int(listStart[Int(list)])..<Int(listStart[Int(list) + 1]) {
            let start = Int(keyStart[key]), length = Int(keyStart[key + 1]) - start
            guard length <= available else { continue }
            var offset = 1
            while offset < length, text[index + offset] == keyScalars[start + offset] { offset += 1 }
            if offset == length { return key }
        }
        return nil
    }
}
