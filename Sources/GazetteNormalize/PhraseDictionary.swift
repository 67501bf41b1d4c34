/// A phrase dictionary in OpenCC's text form (`key<TAB>value[ value2 …]`), with the forward maximum
/// matching OpenCC's `mmseg` segmentation does, so Gazette can say which phrases a conversion replaced.
struct PhraseDictionary: Sendable {
    struct Entry: Sendable {
        var key: String
        /// The first value: the one OpenCC converts to.
        var value: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// The keys as code points (OpenCC matches code points, not grapheme clusters) by their first one,
    /// longest first.
    private var keysByFirstScalar: [Unicode.Scalar: [(scalars: [Unicode.Scalar], key: String)]] = [:]
    /// Which code points below U+30000 start a key, one bit each: most positions of a text start none, and
    /// are ruled out without hashing.
    private var startsKey = [UInt64](repeating: 0, count: 0x30000 / 64)

    struct FormatError: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line) is not 'phrase<TAB>replacement'" }
    }

    init(text: String) throws {
        entries = try Self.entries(of: text)
        for entry in entries.values {
            let scalars = Array(entry.key.unicodeScalars)
            keysByFirstScalar[scalars[0], default: []].append((scalars, entry.key))
            let first = Int(scalars[0].value)
            if first < 0x30000 { startsKey[first / 64] |= 1 << UInt64(first % 64) }
        }
        // Longest first; keys of one length in code-point order, so the order never depends on hashing.
        for first in keysByFirstScalar.keys {
            keysByFirstScalar[first]!.sort {
                $0.scalars.count != $1.scalars.count ? $0.scalars.count > $1.scalars.count
                    : $0.scalars.lexicographicallyPrecedes($1.scalars) { $0.value < $1.value }
            }
        }
    }

    /// The entries of a dictionary's text (``lines(of:)``); a later line with the same key replaces an earlier one.
    static func entries(of text: String) throws -> [String: Entry] {
        var text = text
        return try text.withUTF8 { bytes in
            var entries: [String: Entry] = [:]
            for line in try lines(of: bytes) {
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.key]), as: UTF8.self)
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.value]), as: UTF8.self)
                entries[key] = Entry(key: key, value: value)
            }
            return entries
        }
    }

    /// Where a line of a dictionary's text holds its key and its first value.
    struct Line {
        var key: Range<Int>
        var value: Range<Int>
    }

    /// The lines of a dictionary's text, read on its bytes (this runs for OpenCC's dictionaries at every start):
    /// a line is `key<TAB>value[ value2 …]`, the first value the one converted to; tabs before the key and spaces
    /// before the value are passed over, a `\r` before the line break dropped, empty lines skipped. In file order,
    /// repeated keys included.
    static func lines(of bytes: UnsafeBufferPointer<UInt8>) throws -> [Line] {
        var lines: [Line] = []
        var start = 0, number = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            number += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start { continue }
            var keyStart = start
            while keyStart < lineEnd, bytes[keyStart] == 0x09 { keyStart += 1 }
            var keyEnd = keyStart
            while keyEnd < lineEnd, bytes[keyEnd] != 0x09 { keyEnd += 1 }
            var valueStart = keyEnd + 1
            while valueStart < lineEnd, bytes[valueStart] == 0x20 { valueStart += 1 }
            var valueEnd = valueStart
            while valueEnd < lineEnd, bytes[valueEnd] != 0x20 { valueEnd += 1 }
            guard keyEnd > keyStart, valueEnd > valueStart else { throw FormatError(line: number) }
            lines.append(Line(key: keyStart..<keyEnd, value: valueStart..<valueEnd))
        }
        return lines
    }

    /// The longest key that starts `text` at `index`, if any, with its length in code points.
    func longestMatch(in text: [Unicode.Scalar], at index: Int) -> (key: String, length: Int)? {
        let first = Int(text[index].value)
        if first < 0x30000, startsKey[first / 64] & (1 << UInt64(first % 64)) == 0 { return nil }
        guard let candidates = keysByFirstScalar[text[index]] else { return nil }
        for candidate in candidates where candidate.scalars.count <= text.count - index
            && text[index..<(index + candidate.scalars.count)].elementsEqual(candidate.scalars) {
            return (candidate.key, candidate.scalars.count)
        }
        return nil
    }
}

/// Finds where dictionaries would replace phrases in a text, scanning as OpenCC does: at each position the
/// first dictionary with a match wins, with its longest match (research/libraries.md §2, DictGroup).
struct PhraseScanner {
    struct Match {
        var dictionary: Int
        var key: String
        var lineIndex: Int
    }

    let dictionaries: [PhraseDictionary]

    func matches(in lines: [String]) -> [Match] {
        var found: [Match] = []
        for (lineIndex, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            var index = 0
            while index < scalars.count {
                var advanced = false
                for (number, dictionary) in dictionaries.enumerated() {
                    if let match = dictionary.longestMatch(in: scalars, at: index) {
                        found.append(Match(dictionary: number, key: match.key, lineIndex: lineIndex))
                        index += match.length
                        advanced = true
                        break
                    }
                }
                if !advanced { index += 1 }
            }
        }
        return found
    }
}
