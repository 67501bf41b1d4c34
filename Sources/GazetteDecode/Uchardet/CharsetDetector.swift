internal import CUchardet
import Foundation

/// Guesses the encoding of bytes with uchardet, the detector that tells GB18030 from Big5 from UTF-8 on
/// Chinese text even at a few characters (research/libraries.md §2).
enum CharsetDetector {
    /// uchardet's answer (`UTF-8`, `GB18030`, `BIG5`, `ASCII` …), nil when it has none.
    ///
    /// Only the first `limit` bytes are read: the answer is stable long before that on real reports.
    /// The corresponding C functions are `uchardet_new`, `uchardet_handle_data`, `uchardet_data_end`,
    /// `uchardet_get_charset` and `uchardet_delete`.
    static func detect(_ bytes: Data, limit: Int = 256 * 1024) -> String? {
        guard let handle = uchardet_new() else { return nil }
        defer { uchardet_delete(handle) }
        let sample = bytes.prefix(limit)
        let status: Int32 = sample.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            return uchardet_handle_data(handle, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard status == 0 else { return nil }
        uchardet_data_end(handle)
        // The charset string belongs to the handle: copy it before the handle is deleted.
        guard let name = uchardet_get_charset(handle) else { return nil }
        let charset = String(cString: name)
        return charset.isEmpty ? nil : charset
    }
}
