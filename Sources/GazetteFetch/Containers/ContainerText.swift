import Foundation

/// A container file's text as UTF-8 bytes, a chunk at a time, so a container of any size is read in constant
/// memory; gzip-compressed files are inflated as they are read (``FileBytes``). A UTF-8 byte-order mark is
/// dropped; a file whose first chunk is not UTF-8 is read as GB18030 (the other encoding crawlers of Chinese
/// sites write, a superset of GBK and GB2312), converted with glibc's iconv as it is read.
final class ContainerText {
    private let file: FileBytes
    private var converter: iconv_t?
    /// Bytes read but not yet converted: a multi-byte character cut by the chunk's end.
    private var pending: [UInt8] = []
    private var first: [UInt8]?
    private(set) var encoding = "UTF-8"

    /// Whether the file's compressed data ends inside a member: the last record read is cut short.
    var truncated: Bool { file.truncated }

    init?(path: String) {
        guard let file = FileBytes(path: path) else { return nil }
        self.file = file
        var head = file.next() ?? []
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        if !Self.isUTF8(head) {
            let descriptor = iconv_open("UTF-8", "GB18030")
            if descriptor != iconv_t(bitPattern: -1) {
                converter = descriptor
                encoding = "GB18030"
            }
        }
        first = head
    }

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// The next chunk of UTF-8 text; nil at the end. Bytes GB18030 cannot convert become U+FFFD.
    func next() -> [UInt8]? {
        let raw: [UInt8]
        if let head = first {
            first = nil
            raw = head
        } else {
            guard let chunk = file.next() else {
                guard !pending.isEmpty else { return nil }
                // A character cut off by the end of the file.
                pending.removeAll()
                return Array("\u{FFFD}".utf8)
            }
            raw = chunk
        }
        guard let converter else { return raw.isEmpty ? next() : raw }
        var input = pending + raw
        pending.removeAll()
        // GB18030 grows at most 1.5 times into UTF-8, and an unconvertible byte (one in, three out) 3 times.
        var output = [UInt8](repeating: 0, count: input.count * 3 + 16)
        var produced = 0
        var consumed = 0
        while consumed < input.count {
            var inLeft = input.count - consumed
            var outLeft = output.count - produced
            let result = input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress! + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                }
            }
            let error = result == -1 ? errno : 0
            consumed = input.count - inLeft
            produced = output.count - outLeft
            if error == EINVAL {
                // An incomplete character at the end: kept for the next chunk.
                pending = Array(input[consumed...])
                break
            } else if error == EILSEQ {
                output[produced] = 0xEF
                output[produced + 1] = 0xBF
                output[produced + 2] = 0xBD
                produced += 3
                consumed += 1
            } else if error != 0 {
                break
            }
        }
        return Array(output[..<produced])
    }

    /// Whether `bytes` are UTF-8, a character cut at the very end allowed.
    private static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            guard length > 0 else { return false }
            if index + length > bytes.count { return bytes.count - index < 4 }
            for offset in 1..<length where bytes[index + offset] >> 6 != 0b10 { return false }
            index += length
        }
        return true
    }
}
