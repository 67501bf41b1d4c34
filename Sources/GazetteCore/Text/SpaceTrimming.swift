extension String {
    /// The string without the tabs, space separators (Unicode's Zs) and zero-width spaces at its ends: what
    /// `trimmingCharacters(in: .whitespaces)` takes off (Foundation's set holds U+200B too), without going through
    /// `NSString` for every line of a list and every attribute of a `<meta>` tag.
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == " "
            || (scalar.value >= 0x80 && (scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator))
    }
}
