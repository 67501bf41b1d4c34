#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Encodes text into legacy encodings with glibc iconv, to build test inputs from real report text.
public enum Encodings {
    public struct Failure: Error { public var encoding: String }

    /// Decodes bytes strictly; throws when any sequence is invalid (so a caller can keep what is exact).
    public static func decode(_ bytes: Data, from encoding: String) throws -> String {
        guard let cd = iconv_open("UTF-8", encoding), Int(bitPattern: cd) != -1 else { throw Failure(encoding: encoding) }
        defer { iconv_close(cd) }
        return try convert(cd, Array(bytes), encoding: encoding).map { String(decoding: $0, as: UTF8.self) }.get()
    }

    private static func convert(_ cd: iconv_t, _ bytes: [UInt8], encoding: String) -> Result<[UInt8], Failure> {
        var input = bytes
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let written: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let status = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                return status == -1 ? -1 : outBuffer.count - outLeft
            }
        }
        return written >= 0 ? .success(Array(output[0..<written])) : .failure(Failure(encoding: encoding))
    }

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
