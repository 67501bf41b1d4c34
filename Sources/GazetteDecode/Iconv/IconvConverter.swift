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
        /// Decoding stopped once more bytes than asked were invalid: `text` is a prefix, `invalidBytes` a floor.
        var gaveUp = false
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
    /// With `giveUpAfter`, decoding stops once more bytes than that are invalid: a wrong candidate encoding
    /// turns every other byte invalid, and each one costs a call into iconv to step over it.
    static func decode(_ bytes: Data, from encoding: String, giveUpAfter limit: Int = .max) throws -> Result {
        // UTF-8 that is valid as it stands is its own text: iconv would copy it unchanged, through UCS-4 and back,
        // before the String checked it again (every document is tried as UTF-8). Swift's check is the stricter
        // (glibc's UTF-8 passes F4 90 80 80 and longer forms): bytes it refuses go through iconv, whose output is checked.
        if encoding == "UTF-8",
           let text = bytes.withUnsafeBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) {
            return Result(text: text, invalidBytes: 0)
        }
        return try decodeWithIconv(bytes, from: encoding, giveUpAfter: limit)
    }

    /// ``decode(_:from:giveUpAfter:)`` with every encoding through iconv, valid UTF-8 too.
    static func decodeWithIconv(_ bytes: Data, from encoding: String, giveUpAfter limit: Int = .max) throws -> Result {
        let ((text, unicodeInvalid), invalid, cutOff) = try convert(bytes, from: encoding, to: "UTF-8",
                                                                    replacement: [0xEF, 0xBF, 0xBD],
                                                                    invalidLimit: limit, finish: checkedText)
        return Result(text: text, invalidBytes: invalid + unicodeInvalid, cutOffBytes: cutOff, gaveUp: invalid > limit)
    }

    /// iconv's UTF-8 output as text, and how many of its bytes Unicode refuses.
    ///
    /// glibc's UTF-8 decoder passes forms past U+10FFFF (`F4 90 80 80`, leads `F5`…`F7`, five- and six-byte forms)
    /// and writes them out again; a String would turn them into U+FFFD unseen. Here each refused sequence becomes one
    /// U+FFFD, as the String's own repair does (so the text is what it was), and its bytes are counted as invalid.
    private static func checkedText(_ utf8: UnsafeBufferPointer<UInt8>) -> (text: String, invalidBytes: Int) {
        if let text = String(validating: utf8, as: UTF8.self) { return (text, 0) }
        var repaired: [UInt8] = []
        repaired.reserveCapacity(utf8.count + 16)
        var invalid = 0
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = utf8.makeIterator()
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                repaired.append(contentsOf: encoded)
            case .error(let length):
                repaired.append(contentsOf: [0xEF, 0xBF, 0xBD])
                invalid += length
            case .emptyInput:
                return (String(decoding: repaired, as: UTF8.self), invalid)
            }
        }
    }

    /// Encodes text in `encoding`; nil when a character has no form there.
    static func encode(_ text: String, to encoding: String) -> Data? {
        guard let (output, invalid, _) = try? convert(Data(text.utf8), from: "UTF-8", to: encoding, replacement: [],
                                                      finish: { Data($0) }),
              invalid == 0 else { return nil }
        return output
    }

    /// Converts into one growing buffer (no per-call chunk to clear and copy: decode runs several times per
    /// document), and hands what was written to `finish`.
    private static func convert<Output>(_ bytes: Data, from source: String, to target: String, replacement: [UInt8],
                                        invalidLimit: Int = .max,
                                        finish: (UnsafeBufferPointer<UInt8>) -> Output) throws
        -> (output: Output, invalid: Int, cutOff: Int) {
        let cd = iconv_open(target, source)
        guard Int(bitPattern: cd) != -1 else { throw Failure.unsupportedEncoding(source == "UTF-8" ? target : source) }
        defer { iconv_close(cd) }

        // Room for GB18030, GBK or Big5 to UTF-8 (two bytes become three) and then some; grown on E2BIG.
        var capacity = bytes.count * 3 / 2 + 64
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var written = 0
        var invalid = 0
        var cutOff = 0

        func reserve(_ extra: Int) {
            guard capacity - written < extra else { return }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, written + extra))
            grown.update(from: buffer, count: written)
            buffer.deallocate()
            buffer = grown
            capacity = max(capacity * 2, written + extra)
        }

        func appendReplacement() {
            reserve(replacement.count)
            for byte in replacement {
                buffer[written] = byte
                written += 1
            }
        }

        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = raw.count
            while inLeft > 0 {
                reserve(16)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer + written)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = capacity - written
                let status = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                let errorNumber = status == -1 ? errno : 0
                written = capacity - outLeft
                switch errorNumber {
                case 0:
                    continue
                case E2BIG:
                    reserve(capacity)
                case EILSEQ:
                    // An invalid sequence: replace one byte and resynchronise on the next.
                    appendReplacement()
                    invalid += 1
                    inPointer! += 1
                    inLeft -= 1
                    if invalid > invalidLimit { inLeft = 0 }
                case EINVAL:
                    // A sequence cut off by the end of the input: every remaining byte is invalid.
                    appendReplacement()
                    invalid += inLeft
                    cutOff = inLeft
                    inLeft = 0
                default:
                    appendReplacement()
                    invalid += inLeft
                    inLeft = 0
                }
            }
        }
        return (finish(UnsafeBufferPointer(start: buffer, count: written)), invalid, cutOff)
    }
}
