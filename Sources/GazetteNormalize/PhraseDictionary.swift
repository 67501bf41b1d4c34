import GazetteCore

/// A phrase dictionary in OpenCC's text form (`key<TAB>value[ value2 …]`): its entries, which
/// ``CompiledDictionary`` lays out for matching.
struct PhraseDictionary: Sendable {
    struct Entry: Sendable {
        var key: String
        /// The first value: the one OpenCC converts to.
        var value: String
    }

    private(set) var entries: [String: Entry] = [:]

    struct FormatError: Error, CustomStringConvertible {
        var line: Int
        var description: String { "line \(line) is not 'phrase<TAB>replacement'" }
    }

    init(text: String) throws {
        entries = try Self.entries(of: text)
    }

    /// The entries of a dictionary's text (``lines(of:)``); a later line with the same key replaces an earlier one.
    static func entries(of text: String) throws -> [String: Entry] {
        try text.withUTF8InPlace { bytes in
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
}

/// Finds where dictionaries would replace phrases in a text, so Gazette can say which phrases a conversion
/// replaced, scanning as OpenCC does: at each position the first dictionary with a match wins, with its longest
/// match (research/libraries.md §2, DictGroup); on the lines' UTF-8 bytes, through the compiled dictionaries.
struct PhraseScanner {
    struct Match {
        var dictionary: Int
        var key: String
        var lineIndex: Int
    }

    let dictionaries: [CompiledDictionary]

    func matches(in lines: [String]) -> [Match] {
        let matchers = dictionaries.map(\.matcher)
        var found: [Match] = []
        for (lineIndex, line) in lines.enumerated() {
            line.withUTF8InPlace { bytes in
                var index = 0
                scan: while index < bytes.count {
                    let (first, width) = bytes.codePoint(at: index)
                    for (number, matcher) in matchers.enumerated() {
                        let key = matcher.longestKey(in: bytes, at: index, first: first, end: bytes.count)
                        if key >= 0 {
                            found.append(Match(dictionary: number, key: String(decoding: matcher.key(key), as: UTF8.self),
                                               lineIndex: lineIndex))
                            index += matcher.keyLength(key)
                            continue scan
                        }
                    }
                    index += width
                }
            }
        }
        return found
    }
}
