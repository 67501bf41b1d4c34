import GazetteCore

/// Folds full-width ASCII forms (`１２３`, `（一）`, `：`) and the ideographic space to their ASCII
/// counterparts, as NFKC does for them, so numbers parse and labels match whatever width a copy used.
///
/// On the text's UTF-8 bytes: every line of every report comes here. U+FF01…U+FF3F are EF BC 81…BF,
/// U+FF40…U+FF5E are EF BD 80…9E and U+3000 is E3 80 80; each folds to one ASCII byte.
enum WidthFolding {
    static func fold(_ text: String) -> String {
        return text.withUTF8InPlace { bytes in
            guard let first = firstFolded(in: bytes) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0
                var start = 0
                var index = first
                // Each stretch between foldings copied whole; each folding one byte.
                while index < bytes.count {
                    guard let ascii = folded(bytes, at: index) else {
                        index += 1
                        continue
                    }
                    let stretch = index - start
                    if stretch > 0 {
                        UnsafeMutableRawPointer(output.baseAddress! + count)
                            .copyMemory(from: bytes.baseAddress! + start, byteCount: stretch)
                        count += stretch
                    }
                    output[count] = ascii
                    count += 1
                    index += 3
                    start = index
                }
                let rest = bytes.count - start
                if rest > 0 {
                    UnsafeMutableRawPointer(output.baseAddress! + count).copyMemory(from: bytes.baseAddress! + start, byteCount: rest)
                    count += rest
                }
                return count
            }
        } ?? text
    }

    /// The offset of the first code point that folds, nil when none does.
    private static func firstFolded(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xEF || byte == 0xE3, folded(bytes, at: index) != nil { return index }
            index += 1
        }
        return nil
    }

    /// The ASCII byte the code point at `index` folds to, nil when it does not fold (or `index` is not where a
    /// code point starts: a lead byte E3 or EF never occurs inside one).
    @inline(__always)
    private static func folded(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
        guard index + 2 < bytes.count else { return nil }
        let lead = bytes[index], second = bytes[index + 1], third = bytes[index + 2]
        switch lead {
        case 0xEF:
            // U+FF01…U+FF3F: 0x21…0x5F; U+FF40…U+FF5E: 0x60…0x7E.
            if second == 0xBC, third >= 0x81, third <= 0xBF { return third - 0x81 + 0x21 }
            if second == 0xBD, third >= 0x80, third <= 0x9E { return third - 0x80 + 0x60 }
            return nil
        case 0xE3:
            return second == 0x80 && third == 0x80 ? 0x20 : nil
        default:
            return nil
        }
    }
}
