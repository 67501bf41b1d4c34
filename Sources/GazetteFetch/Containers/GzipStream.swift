import CZlib
import Foundation

/// zlib's inflate, for gzip files and for HTTP bodies alike. The stream lives at an address that never moves
/// (zlib checks that its state still points at it), and its output buffer is reused from call to call.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var buffer = [UInt8](repeating: 0, count: 1 << 18)

    /// `windowBits` as zlib takes it: 15 + 16 for a gzip wrapper, 15 for zlib, -15 for raw deflate.
    init?(windowBits: Int32) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Ready for the next gzip member.
    func reset() { inflateReset(stream) }

    /// Inflates `input` from `offset` into `output` once (one buffer's worth at most): zlib's status and the
    /// input bytes taken.
    func step(_ input: [UInt8], from offset: Int, into output: inout [UInt8]) -> (status: Int32, consumed: Int) {
        let (status, consumed, produced) = input.withUnsafeBufferPointer { inBuffer in
            buffer.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress! + offset)
                stream.pointee.avail_in = UInt32(inBuffer.count - offset)
                stream.pointee.next_out = outBuffer.baseAddress!
                stream.pointee.avail_out = UInt32(outBuffer.count)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                return (status, inBuffer.count - offset - Int(stream.pointee.avail_in),
                        outBuffer.count - Int(stream.pointee.avail_out))
            }
        }
        output += buffer[..<produced]
        return (status, consumed)
    }

    /// `data` inflated whole; nil when it is not what `windowBits` says, is cut short, or inflates past
    /// `limit` bytes (a compression bomb is refused before it fills memory).
    static func inflate(_ data: [UInt8], windowBits: Int32, limit: Int) -> [UInt8]? {
        guard !data.isEmpty, let inflater = Inflater(windowBits: windowBits) else { return nil }
        var output: [UInt8] = []
        var offset = 0
        while true {
            let before = output.count
            let (status, consumed) = inflater.step(data, from: offset, into: &output)
            offset += consumed
            if status == Z_STREAM_END { return output }
            guard status == Z_OK, output.count <= limit, consumed > 0 || output.count > before else { return nil }
        }
    }
}

/// A file's bytes, inflated as they are read when the file is gzip-compressed (every member of a
/// multi-member file, as `.warc.gz` and concatenated exports are written), else as they are.
final class FileBytes {
    private let handle: FileHandle
    private let inflater: Inflater?
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
            guard let inflater = Inflater(windowBits: 15 + 16) else { return nil }
            self.inflater = inflater
        } else {
            inflater = nil
        }
    }

    deinit { try? handle.close() }

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
        let input = [UInt8](compressed)
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
            let before = output.count
            let (status, consumed) = inflater.step(input, from: offset, into: &output)
            offset += consumed
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                inflater.reset()
            case Z_OK, Z_BUF_ERROR:
                if consumed == 0, output.count == before { offset = input.count }
            default:
                // Corrupt data: what was inflated is kept, the rest of the file is lost, and said so.
                truncated = true
                finished = true
                return output
            }
        }
        return output
    }
}
