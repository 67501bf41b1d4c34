import Foundation

/// Looks at the first bytes of a document: byte-order marks, and the signatures of files that are not text.
enum ByteSniffer {
    struct ByteOrderMark {
        var encoding: String
        var length: Int
    }

    static func byteOrderMark(_ bytes: Data) -> ByteOrderMark? {
        let head = [UInt8](bytes.prefix(4))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return ByteOrderMark(encoding: "UTF-8", length: 3) }
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ByteOrderMark(encoding: "UTF-32LE", length: 4) }
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ByteOrderMark(encoding: "UTF-32BE", length: 4) }
        if head.starts(with: [0xFF, 0xFE]) { return ByteOrderMark(encoding: "UTF-16LE", length: 2) }
        if head.starts(with: [0xFE, 0xFF]) { return ByteOrderMark(encoding: "UTF-16BE", length: 2) }
        if head.starts(with: [0x84, 0x31, 0x95, 0x33]) { return ByteOrderMark(encoding: "GB18030", length: 4) }
        return nil
    }

    /// UTF-16 without a byte-order mark, told by its NUL bytes: the high byte of every ASCII character (line
    /// breaks, digits) is 0, so NULs fall almost all on odd positions (little-endian) or even ones (big-endian).
    static func utf16WithoutBOM(_ bytes: Data) -> String? {
        // The NUL bytes of the first 64 KB at even and odd offsets, found with memchr: most documents hold none.
        let (count, even, odd) = bytes.withUnsafeBytes { raw -> (Int, Int, Int) in
            let count = min(raw.count, 64 * 1024)
            guard let start = raw.baseAddress, count > 0 else { return (0, 0, 0) }
            var even = 0, odd = 0
            var next = start
            let end = start + count
            while next < end, let found = memchr(next, 0, end - next) {
                if (UnsafeRawPointer(found) - start) % 2 == 0 { even += 1 } else { odd += 1 }
                next = UnsafeRawPointer(found) + 1
            }
            return (count, even, odd)
        }
        let pairs = count / 2
        guard pairs > 0, even + odd >= max(4, pairs / 50) else { return nil }
        // Han characters whose low byte is 0 (一 is U+4E00) put some NULs on the other side.
        if odd >= 3 * even { return "UTF-16LE" }
        if even >= 3 * odd { return "UTF-16BE" }
        return nil
    }

    /// Whether the bytes are only spaces, tabs and line breaks.
    static func isBlank(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw in raw.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }
    }

    static func countNUL(_ bytes: Data) -> Int {
        bytes.withUnsafeBytes { raw in
            guard var next = raw.baseAddress, raw.count > 0 else { return 0 }
            let end = next + raw.count
            var count = 0
            while next < end, let found = memchr(next, 0, end - next) {
                count += 1
                next = UnsafeRawPointer(found) + 1
            }
            return count
        }
    }

    /// The kind of binary file the bytes start like (`PNG image`, `PDF document` …), nil for text.
    static func binaryKind(_ bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(8))
        for (signature, kind) in signatures where head.starts(with: signature) { return kind }
        return nil
    }

    private static let signatures: [([UInt8], String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "PNG image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        ([0x47, 0x49, 0x46, 0x38], "GIF image"),
        ([0x25, 0x50, 0x44, 0x46], "PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "ZIP archive (or an Office document)"),
        ([0x1F, 0x8B], "gzip archive"),
        ([0x52, 0x61, 0x72, 0x21], "RAR archive"),
        ([0x37, 0x7A, 0xBC, 0xAF], "7-Zip archive"),
        ([0xD0, 0xCF, 0x11, 0xE0], "legacy Office document"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
    ]
}
