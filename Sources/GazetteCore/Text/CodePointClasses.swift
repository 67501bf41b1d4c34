// Character classes read from the code point, for the loops that run over every character of a report:
// `Character` properties go through grapheme breaking and Unicode property tables.

extension Unicode.Scalar {
    /// White space (the Unicode `White_Space` property, whose 25 members are fixed), answered from the value:
    /// the property table lookup showed in profiles of tokenizing every cell of every report.
    @inlinable public var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `0` to `9` (full-width digits are folded before this is asked).
    @inlinable public var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
}

extension UInt8 {
    /// An ASCII `0` to `9` byte.
    @inlinable public var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
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
