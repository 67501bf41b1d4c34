import GazetteCore

/// Folds full-width ASCII forms (`１２３`, `（一）`, `：`) and the ideographic space to their ASCII
/// counterparts, as NFKC does for them, so numbers parse and labels match whatever width a copy used.
enum WidthFolding {
    static func fold(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsFolding) else { return text }
        // Encoded once (`String(scalars:)`), not appended a code point at a time: most lines of a report have some.
        return String(scalars: text.unicodeScalars.lazy.map { scalar in
            switch scalar.value {
            case 0xFF01...0xFF5E: Unicode.Scalar(scalar.value - 0xFEE0)!
            case 0x3000: " "
            default: scalar
            }
        })
    }

    private static func needsFolding(_ scalar: Unicode.Scalar) -> Bool {
        (0xFF01...0xFF5E).contains(scalar.value) || scalar.value == 0x3000
    }
}
