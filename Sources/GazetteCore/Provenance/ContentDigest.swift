import Crypto
import Foundation

/// SHA-256 as lowercase hex: document identities and cache keys.
///
/// Asked for several times a document (its identity, every kept stage's cache key, the shard an input falls in),
/// so the hex is written straight into the String's storage: a String per byte, joined, cost more than hashing.
public enum ContentDigest {
    public static func hex(_ data: some DataProtocol) -> String {
        hex(of: SHA256.hash(data: data))
    }

    public static func hex(_ string: String) -> String {
        string.withUTF8InPlace { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            return hex(of: hasher.finalize())
        }
    }

    private static func hex(of digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = UInt8.lowercaseHexDigit(byte >> 4)
                    text[2 * index + 1] = UInt8.lowercaseHexDigit(byte & 0x0F)
                }
                return bytes.count * 2
            }
        }
    }
}
