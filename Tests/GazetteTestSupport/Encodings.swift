#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Encodes text into legacy encodings with glibc iconv, to build test inputs from real report text.
public enum Encodings {
    public struct Failure: Error { public var encoding: String }

    public static func encode(_ text: String, as encoding: String) throws -> Data {
        let cd = iconv_open(encoding, "UTF-8")
        guard Int(bitPattern: cd) != -1 else { throw Failure(encoding: encoding) }
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let status = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                return status == -1 ? -1 : outBuffer.count - outLeft
            }
        }
        guard written >= 0 else { throw Failure(encoding: encoding) }
        return Data(output[0..<written])
    }
}
