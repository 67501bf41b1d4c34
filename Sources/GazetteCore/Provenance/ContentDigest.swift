import Crypto
import Foundation

/// SHA-256 as lowercase hex: document identities and cache keys.
public enum ContentDigest {
    public static func hex(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public static func hex(_ string: String) -> String { hex(Data(string.utf8)) }
}
