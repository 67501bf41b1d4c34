import Foundation

/// The most common Han characters: GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional),
/// read from glibc's tables at first use. Text in the right encoding is mostly made of them; mojibake
/// (UTF-8 read as GBK lands in GB2312 level 2 and beyond) mostly is not.
enum CommonCharacters {
    /// The common characters as a bitmap over U+3400…U+9FFF (the CJK Unified Ideographs blocks, where all of
    /// them lie), so testing a character costs a shift and a mask. Built at first use straight from the decoded
    /// tables' code points: going through a `Set<Character>` first cost a one-document run 5 % of its time.
    private static let bitmap: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0x9FFF - 0x3400) / 64 + 1)
        var gb2312: [UInt8] = []
        for lead in UInt8(0xB0)...UInt8(0xD7) {
            for trail in UInt8(0xA1)...UInt8(0xFE) where !(lead == 0xD7 && trail > 0xF9) { gb2312 += [lead, trail] }
        }
        var big5: [UInt8] = []
        for lead in UInt8(0xA4)...UInt8(0xC6) {
            for trail in Array(UInt8(0x40)...UInt8(0x7E)) + Array(UInt8(0xA1)...UInt8(0xFE)) where !(lead == 0xC6 && trail > 0x7E) {
                big5 += [lead, trail]
            }
        }
        for (bytes, encoding) in [(gb2312, "GB2312"), (big5, "BIG5")] {
            guard let text = try? IconvConverter.decode(Data(bytes), from: encoding).text else { continue }
            for scalar in text.unicodeScalars where (0x3400...0x9FFF).contains(scalar.value) {
                let offset = Int(scalar.value) - 0x3400
                bits[offset / 64] |= 1 << UInt64(offset % 64)
            }
        }
        return bits
    }()

    /// Every common character, in code-point order (for tests that need an alphabet of them).
    static var characters: [Character] {
        (0x3400...0x9FFF).compactMap { value in
            let offset = value - 0x3400
            guard bitmap[offset / 64] & (1 << UInt64(offset % 64)) != 0 else { return nil }
            return Unicode.Scalar(UInt32(value)).map(Character.init)
        }
    }

    /// How much the text reads as Chinese in its right encoding: the share of its non-ASCII characters
    /// that are common Han characters or CJK punctuation; 1 for text that is all ASCII. Latin-1 mojibake
    /// of Chinese bytes scores near 0, Big5 bytes read as GBK (rare characters) low, right text high.
    static func share(in text: some StringProtocol) -> Double {
        // On the UTF-8 bytes when they are at hand: every candidate decoding of every document is scored.
        if let counts = text.utf8.withContiguousStorageIfAvailable(Self.counts(utf8:)) {
            return counts.nonASCII == 0 ? 1 : Double(counts.common) / Double(counts.nonASCII)
        }
        return bitmap.withUnsafeBufferPointer { bits in
            var nonASCII = 0, common = 0
            for scalar in text.unicodeScalars where scalar.value >= 0x80 {
                nonASCII += 1
                if countsAsCommon(scalar.value, bits) { common += 1 }
            }
            return nonASCII == 0 ? 1 : Double(common) / Double(nonASCII)
        }
    }

    /// A share (0 to 1) as a whole percent, rounded as `printf`'s `%.0f` rounds (to nearest, a tie to even), the
    /// form the evidence has always given: `String(format:)` cost a run 0.8 % of its time, for the trials'
    /// reasons alone.
    static func wholePercent(_ share: Double) -> Int {
        Int((share * 100).rounded(.toNearestOrEven))
    }

    /// A code point ``share(in:)`` counts as common: CJK and full-width punctuation, dashes and quotes, or a
    /// common Han character. The bitmap is passed in, read once per text: reading the static per code point
    /// asked whether it was built yet each time.
    @inline(__always)
    private static func countsAsCommon(_ value: UInt32, _ bits: UnsafeBufferPointer<UInt64>) -> Bool {
        switch value {
        case 0x3000...0x303F, 0xFF00...0xFFEF, 0x2010...0x2027:
            return true
        case 0x3400...0x9FFF:
            let offset = Int(value) - 0x3400
            return bits[offset / 64] & (1 << UInt64(offset % 64)) != 0
        default:
            return false
        }
    }

    /// The non-ASCII code points of valid UTF-8 and how many of them are common (as ``share(in:)`` counts):
    /// a lead byte starts each; only three-byte sequences (U+0800…U+FFFF) can be common.
    private static func counts(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (nonASCII: Int, common: Int) {
        bitmap.withUnsafeBufferPointer { bits in
            var nonASCII = 0, common = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                nonASCII += 1
                if lead >= 0xF0 {
                    index += 4
                } else if lead >= 0xE0, index + 2 < count {
                    let value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                    if countsAsCommon(value, bits) { common += 1 }
                    index += 3
                } else {
                    index += 2
                }
            }
            return (nonASCII, common)
        }
    }
}
