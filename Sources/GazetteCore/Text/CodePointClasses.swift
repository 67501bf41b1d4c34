import Foundation

// Character classes read from the code point, for the loops that run over every character of a report:
// `Character` properties go through grapheme breaking and Unicode property tables.

extension Unicode.Scalar {
    /// White space (the Unicode `White_Space` property, whose 25 members are fixed), answered from the value:
    /// the property table lookup showed in profiles of tokenizing every cell of every report.
    @inlinable public var isWhiteSpace: Bool { Self.isWhiteSpace(value) }

    /// ``isWhiteSpace`` of a code point's value, for the loops that decode bytes to values.
    @inlinable public static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `0` to `9` (full-width digits are folded before this is asked).
    @inlinable public var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }

    /// Whether a code point is a character alone, with no other canonical form and none that combines with it:
    /// printable ASCII, CJK punctuation before its tone marks, the unified ideographs, full-width forms and U+FFFD
    /// (what most of a report is written in). Text made of such code points is its own normal form: it compares,
    /// hashes and searches the same on its bytes as by its characters, and its characters are its code points.
    @inlinable public static func isPlainCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0x3000...0x3029, 0x4E00...0x9FFF, 0xFF01...0xFFEF, 0xFFFD: true
        default: false
        }
    }
}

extension String {
    /// Whether every code point is a character alone (``Unicode/Scalar/isPlainCharacter(_:)``).
    public var isPlainText: Bool { unicodeScalars.allSatisfy { Unicode.Scalar.isPlainCharacter($0.value) } }
}

extension UInt8 {
    /// An ASCII `0` to `9` byte.
    @inlinable public var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }

    /// This byte with an ASCII `A` to `Z` made lowercase, any other byte as it is: for markers, names and
    /// extensions that are ASCII, without Unicode case mappings over the text around them.
    @inlinable public var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self + 0x20 : self }

    /// The lowercase hex digit of a value from 0 to 15.
    @inlinable public static func lowercaseHexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// The length in bytes of the UTF-8 sequence this lead byte starts (valid UTF-8: a String's bytes).
    @inlinable public var utf8SequenceLength: Int { self < 0x80 ? 1 : self < 0xE0 ? 2 : self < 0xF0 ? 3 : 4 }
}

extension UnsafeBufferPointer<UInt8> {
    /// The code point that starts at `index` of these valid UTF-8 bytes (a String's, or bytes built from them),
    /// and its length in bytes: the one decoder of the loops that read text on its bytes.
    @inlinable public func codePoint(at index: Int) -> (value: UInt32, length: Int) {
        let lead = self[index]
        let length = lead.utf8SequenceLength
        switch length {
        case 1: return (UInt32(lead), 1)
        case 2: return (UInt32(lead & 0x1F) << 6 | UInt32(self[index + 1] & 0x3F), 2)
        case 3:
            return (UInt32(lead & 0x0F) << 12 | UInt32(self[index + 1] & 0x3F) << 6 | UInt32(self[index + 2] & 0x3F), 3)
        default:
            return (UInt32(lead & 0x07) << 18 | UInt32(self[index + 1] & 0x3F) << 12 | UInt32(self[index + 2] & 0x3F) << 6
                        | UInt32(self[index + 3] & 0x3F), 4)
        }
    }

    /// The offset of the code point that ends just before `end` in these valid UTF-8 bytes (`end` > 0): the
    /// step back, over its continuation bytes.
    @inlinable public func codePointStart(before end: Int) -> Int {
        var index = end - 1
        while index > 0, self[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    /// The length in bytes of the white-space code point (``Unicode/Scalar/isWhiteSpace``) that starts at
    /// `index` of these valid UTF-8 bytes; 0 when the code point there is none, or `index` is inside one.
    @inlinable public func whiteSpaceLength(at index: Int) -> Int {
        let lead = self[index]
        switch lead {
        case 0x09...0x0D, 0x20:
            return 1
        case 0xC2:  // U+0085, U+00A0
            return self[index + 1] == 0x85 || self[index + 1] == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680
            return self[index + 1] == 0x9A && self[index + 2] == 0x80 ? 3 : 0
        case 0xE2:  // U+2000…U+200A, U+2028, U+2029, U+202F, U+205F
            let second = self[index + 1], third = self[index + 2]
            if second == 0x80 { return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:  // U+3000
            return self[index + 1] == 0x80 && self[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}

extension String {
    /// A string of these code points, encoded to UTF-8 in one buffer. `String(String.UnicodeScalarView(…))`
    /// appends them one at a time, each append checking the string's storage, which showed in profiles of
    /// folding every label of a report.
    @inlinable public init<C: Collection<Unicode.Scalar>>(scalars: C) {
        var capacity = 0
        for scalar in scalars { capacity += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { unit in
                    buffer[count] = unit
                    count += 1
                }
            }
            return count
        }
    }
}

extension Sequence<UInt8> {
    /// Whether these UTF-8 bytes hold `scalar` (one to three bytes long: ASCII and the Basic Multilingual Plane's
    /// punctuation), found on the bytes: UTF-8 is self-synchronizing, so a match is the code point itself, and no
    /// line is decoded to ask.
    @inlinable public func containsUTF8(_ scalar: Unicode.Scalar) -> Bool {
        var encoded: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var length = 0
        UTF8.encode(scalar) { unit in
            switch length {
            case 0: encoded.0 = unit
            case 1: encoded.1 = unit
            default: encoded.2 = unit
            }
            length += 1
        }
        precondition(length <= 3, "containsUTF8 looks for code points below U+10000")
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in self {
            switch length {
            case 1: if byte == encoded.0 { return true }
            case 2: if byte == encoded.1, previous.1 == encoded.0 { return true }
            default: if byte == encoded.2, previous == (encoded.0, encoded.1) { return true }
            }
            previous = (previous.1, byte)
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `needle` in these bytes, nil when there is none; 0 for an empty
    /// needle. `firstRange(of:)` on `[UInt8]` is Foundation's generic `DataProtocol` search, which showed in
    /// profiles of the loops that ask it per line.
    public func firstOffset(of needle: [UInt8]) -> Int? {
        withUnsafeBufferPointer { haystack in needle.withUnsafeBufferPointer { haystack.firstOffset(of: $0) } }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The offset of the first occurrence of `needle` in these bytes, nil when there is none; 0 for an empty needle.
    public func firstOffset(of needle: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return 0 }
        guard needle.count <= count else { return nil }
        var start = 0
        while start <= count - needle.count {
            if self[start] == first, memcmp(baseAddress! + start, needle.baseAddress!, needle.count) == 0 { return start }
            start += 1
        }
        return nil
    }
}
