extension Unicode.Scalar {
    /// White space (Unicode `White_Space`), answered from the value for ASCII, the common case, without the
    /// property table lookup that showed in profiles of tokenizing every cell.
    @inlinable public var isWhiteSpace: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
