#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Converts between encodings with glibc's iconv, streaming in 64 KiB chunks and never truncating
/// silently: when decoding, every byte sequence that does not decode becomes one U+FFFD and is counted.
///
/// Not libiconv-hook: its Debian build cannot convert GB18030, GBK or Big5 (research/libraries.md §2).
/// This is the only file that calls iconv.
struct IconvConverter {
    struct Result {
        var text: String
        var invalidBytes: Int
        /// Of the invalid bytes, those of a sequence cut off by the end of the input (a sample's cut).
        var cutOffBytes = 0
    }

    enum Failure: Error { case unsupportedEncoding(String) }

    /// Whether glibc iconv knows the encoding.
    static func supports(_ encoding: String) -> Bool {
        let cd = iconv_open("UTF-8", encoding)
        guard Int(bitPattern: cd) != -1 else { return false }
        iconv_close(cd)
        return true
    }

    /// Decodes `bytes` as `encoding`.
    ///
    /// The corresponding C functions are `iconv_open`, `iconv` and `iconv_close`.
    static func decode(_ bytes: Data, from encoding: String) throws -> Result {
        let (output, invalid, cutOff) = try convert(bytes, from: encoding, to: "UTF-8", replacement: [0xEF, 0xBF, 0xBD])
        return Result(text: String(decoding: output, as: UTF8.self), invalidBytes: invalid, cutOffBytes: cutOff)
    }

    /// Encodes text in `encoding`; nil when a character has no form there.
    static func encode(_ text: String, to encoding: String) -> Data? {
        guard let (output, invalid, _) = try? convert(Data(text.utf8), from: "UTF-8", to: encoding, replacement: []),
              invalid == 0 else { return nil }
        return Data(output)
    }

    private static func convert(_ bytes: Data, from source: String, to target: String,
                                replacement: [UInt8]) throws -> (bytes: [UInt8], invalid: Int, cutOff: Int) {
        let cd = iconv_open(target, source)
        guard Int(bitPattern: cd) != -1 else { throw Failure.unsupportedEncoding(source == "UTF-8" ? target : source) }
        defer { iconv_close(cd) }

        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var invalid = 0
        var cutOff = 0
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)

        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var inPointer = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = raw.count
            while inLeft > 0 {
                let (converted, errorNumber): (Int, Int32) = chunk.withUnsafeMutableBufferPointer { buffer in
                    var outPointer = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = chunkSize
                    var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                    var outOptional: UnsafeMutablePointer<CChar>? = outPointer
                    let status = iconv(cd, &inOptional, &inLeft, &outOptional, &outLeft)
                    let error = status == -1 ? errno : 0
                    inPointer = inOptional!
                    outPointer = outOptional!
                    return (chunkSize - outLeft, error)
                }
                output.append(contentsOf: chunk[0..<converted])
                switch errorNumber {
                case 0, E2BIG:
                    continue
                case EILSEQ:
                    // An invalid sequence: replace one byte and resynchronise on the next.
                    output.append(contentsOf: replacement)
                    invalid += 1
                    inPointer += 1
                    inLeft -= 1
                case EINVAL:
                    // A sequence cut off by the end of the input: every remaining byte is invalid.
                    output.append(contentsOf: replacement)
                    invalid += inLeft
                    cutOff = inLeft
                    inLeft = 0
                default:
                    output.append(contentsOf: replacement)
                    invalid += inLeft
                    inLeft = 0
                }
            }
        }
        return (output, invalid, cutOff)
    }
}
