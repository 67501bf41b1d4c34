/// Folds full-width ASCII forms (`１２３`, `（一）`, `：`) and the ideographic space to their ASCII
/// counterparts, as NFKC does for them, so numbers parse and labels match whatever width a copy used.
enum WidthFolding {
    static func fold(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsFolding) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func needsFolding(_ scalar: Unicode.Scalar) -> Bool {
        (0xFF01...0xFF5E).contains(scalar.value) || scalar.value == 0x3000
    }
}
