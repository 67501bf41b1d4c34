import CZlib
import Foundation

/// A file's bytes, inflated as they are read when the file is gzip-compressed (every member of a
/// multi-member file, as `.warc.gz` and concatenated exports are written), else as they are.
final class FileBytes {
    private let handle: FileHandle
    /// zlib's stream, at an address that never moves: zlib checks that its state still points at it.
    private var inflater: UnsafeMutablePointer<z_stream>?
    private var memberEnded = true
    /// The compressed data ended inside a member (the file is cut short) or is not gzip past some point.
    private(set) var truncated = false
    private var finished = false
    static let chunkSize = 1 << 20

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        let magic = (try? handle.read(upToCount: 2)) ?? Data()
        try? handle.seek(toOffset: 0)
        if magic == Data([0x1F, 0x8B]) {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 + 16: a gzip wrapper, the largest window.
            guard inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                return nil
            }
            inflater = stream
        }
    }

    deinit {
        if let inflater {
            inflateEnd(inflater)
            inflater.deallocate()
        }
        try? handle.close()
    }

    var isCompressed: Bool { inflater != nil }

    /// The next chunk of the file's (inflated) bytes; nil at the end.
    func next() -> [UInt8]? {
        guard !finished else { return nil }
        guard let inflater else {
            guard let chunk = try? handle.read(upToCount: Self.chunkSize), !chunk.isEmpty else {
                finished = true
                return nil
            }
            return [UInt8](chunk)
        }
        guard let compressed = try? handle.read(upToCount: Self.chunkSize / 4), !compressed.isEmpty else {
            finished = true
            if !memberEnded { truncated = true }
            return nil
        }
        var input = [UInt8](compressed)
        var output: [UInt8] = []
        var offset = 0
        while offset < input.count {
            if memberEnded {
                // Bytes after a member: another member starts (or, if they are not gzip, the file is damaged).
                guard input[offset] == 0x1F else {
                    truncated = true
                    finished = true
                    return output
                }
                memberEnded = false
            }
            var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
            let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { inBuffer in
                buffer.withUnsafeMutableBufferPointer { outBuffer in
                    inflater.pointee.next_in = inBuffer.baseAddress! + offset
                    inflater.pointee.avail_in = UInt32(inBuffer.count - offset)
                    inflater.pointee.next_out = outBuffer.baseAddress!
                    inflater.pointee.avail_out = UInt32(outBuffer.count)
                    let status = inflate(inflater, Z_NO_FLUSH)
                    return (status, inBuffer.count - offset - Int(inflater.pointee.avail_in),
                            outBuffer.count - Int(inflater.pointee.avail_out))
                }
            }
            output += buffer[..<produced]
            offset += consumed
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                inflateReset(inflater)
            case Z_OK, Z_BUF_ERROR:
                if consumed == 0, produced == 0 { offset = input.count }
            default:
                // Corrupt data: what was inflated is kept, the rest of the file is lost, and said so.
                truncated = true
                finished = true
                return output
            }
        }
        input.removeAll()
        return output
    }
}
