import GazetteCore

/// Splits decoded text into trimmed, non-empty lines numbered as in the source.
enum TextLines {
    static func split(_ text: String) -> [TextLine] {
        var lines: [TextLine] = []
        // Room for a line per line feed, so a large document's lines are not copied at every doubling.
        lines.reserveCapacity(text.utf8Count { $0 == 0x0A } + 1)
        var number = 0
        let scalars = text.unicodeScalars
        func add(_ range: Range<String.UnicodeScalarView.Index>) {
            number += 1
            let trimmed = trim(withoutControlCharacters(Substring(scalars[range])))
            if !trimmed.isEmpty { lines.append(TextLine(line: number, text: trimmed)) }
        }
        // Newlines as `Character.isNewline` has them, found on code points (they are always a grapheme of their
        // own, so the lines are the same, without grapheme breaking every line); `\r\n` counts once, as editors do.
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard isNewline(scalar) else {
                index = scalars.index(after: index)
                continue
            }
            add(start..<index)
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            start = index
        }
        add(start..<scalars.endIndex)
        return lines
    }

    /// Line feed, vertical tab, form feed, carriage return, next line, line and paragraph separators.
    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Control characters (C0 but the tab, DEL, C1) carry no text; scraped pages have them as debris, and a
    /// label with one would no longer match. They become spaces.
    static func withoutControlCharacters(_ text: Substring) -> Substring {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return Substring(String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 })))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Trims the white space scraped text carries at both ends, the ideographic space and no-break space
    /// included.
    static func trim(_ text: Substring) -> String {
        // On the bytes first: every line of a report is trimmed. The kept bytes are then copied as text (a line
        // with nothing to trim is the line itself, with no copy).
        guard let kept = text.withUTF8InPlace({ plainTrimmedRange($0).map { $0.startIndex..<$0.endIndex } }) else {
            return trimmedByCharacters(text)
        }
        return String(text.slice(utf8Offsets: kept))
    }

    /// The bytes ``trim(_:)`` keeps, found on the bytes when the code points that end them are plain
    /// (``Unicode/Scalar/isPlainCharacter(_:)``: no blank code point then joins a character of theirs, so the
    /// blank code points around them are whole characters); nil when they are not, for the search by characters.
    private static func plainTrimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var start = 0
        var first: UInt32?
        while start < bytes.count {
            let (value, length) = bytes.codePoint(at: start)
            if !isBlank(value) {
                first = value
                break
            }
            start += length
        }
        guard let first else { return bytes[bytes.count...] }
        guard Unicode.Scalar.isPlainCharacter(first) else { return nil }
        var end = bytes.count
        while true {
            let lead = bytes.codePointStart(before: end)
            let value = bytes.codePoint(at: lead).value
            if !isBlank(value) {
                guard Unicode.Scalar.isPlainCharacter(value) else { return nil }
                break
            }
            end = lead
        }
        return bytes[start..<end]
    }

    /// White space, the byte-order mark and the zero-width space.
    @inline(__always)
    private static func isBlank(_ value: UInt32) -> Bool {
        value == 0xFEFF || value == 0x200B || Unicode.Scalar.isWhiteSpace(value)
    }

    static func trimmedByCharacters(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" || $0 == "\u{200B}" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
              let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }
}
