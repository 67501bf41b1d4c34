import GazetteCore

/// Splits decoded text into trimmed, non-empty lines numbered as in the source.
enum TextLines {
    static func split(_ text: String) -> [TextLine] {
        var lines: [TextLine] = []
        var number = 0
        // `\r\n` is one grapheme in Swift, so splitting on newlines counts it once, as editors do.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let trimmed = trim(withoutControlCharacters(raw))
            if !trimmed.isEmpty { lines.append(TextLine(line: number, text: trimmed)) }
        }
        return lines
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
        let isBlank: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" || $0 == "\u{200B}" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
              let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }
}
