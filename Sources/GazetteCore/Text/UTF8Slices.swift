extension String {
    /// The text between two UTF-8 byte offsets (from its start, both on code point boundaries).
    ///
    /// A `String` made of the result copies its bytes as they are, known valid; `String(decoding:as:)` on the same
    /// bytes checks every one of them again, which cost a run 2 % of its time: every line is trimmed and every
    /// cell cut on its bytes, and rebuilt as text.
    public func slice(utf8Offsets range: Range<Int>) -> Substring {
        Substring(self).slice(utf8Offsets: range)
    }
}

extension StringProtocol {
    /// Calls `body` with the text's UTF-8 bytes where they lie. `withUTF8` is mutating, so a text that is not a
    /// variable of its own is copied to call it (`var copy = text`), and the copy retains the text's storage and
    /// releases it after: a pair of atomic operations on every cell, label and line read that way, some of the
    /// largest counts of a run's reference counting (issue 15). A text whose bytes are not contiguous (bridged,
    /// which Linux never makes) is copied first.
    @inlinable
    public func withUTF8InPlace<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = String(self)
        return try copy.withUTF8(body)
    }
}

extension String {
    /// How many of the text's UTF-8 bytes satisfy `predicate`, counted on its bytes: line feeds
    /// (`{ $0 == 0x0A }`), or code points (the bytes that start one, `{ $0 & 0xC0 != 0x80 }`).
    public func utf8Count(where predicate: (UInt8) -> Bool) -> Int {
        withUTF8InPlace { bytes in bytes.reduce(0) { $0 + (predicate($1) ? 1 : 0) } }
    }
}

extension Substring {
    /// The text between two UTF-8 byte offsets from its start (both on code point boundaries), as
    /// ``Swift/String/slice(utf8Offsets:)``.
    public func slice(utf8Offsets range: Range<Int>) -> Substring {
        let bytes = utf8
        let start = bytes.index(bytes.startIndex, offsetBy: range.lowerBound)
        return Substring(bytes[start..<bytes.index(start, offsetBy: range.count)])
    }
}
