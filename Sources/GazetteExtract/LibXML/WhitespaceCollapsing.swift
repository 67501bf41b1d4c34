internal import CLibXML2

/// HTML's white-space rule on UTF-8 bytes: every run of spaces, tabs, line breaks and no-break spaces
/// becomes one space. Working on bytes keeps it cheap for megabyte pages (no grapheme breaking).
enum WhitespaceCollapsing {
    /// The collapsed text, and whether it started or ended with white space.
    static func collapse(_ text: UnsafePointer<xmlChar>) -> (text: String, leading: Bool, trailing: Bool) {
        var output: [UInt8] = []
        var pointer = text
        var pendingSpace = false
        var leading = false
        var trailing = false
        var first = true
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            let isSpace: Bool
            var width = 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C {
                isSpace = true
            } else if byte == 0xC2, pointer[1] == 0xA0 {
                isSpace = true
                width = 2
            } else {
                isSpace = false
            }
            if isSpace {
                if first { leading = true }
                pendingSpace = true
                trailing = true
            } else {
                if pendingSpace, !output.isEmpty { output.append(0x20) }
                pendingSpace = false
                trailing = false
                output.append(byte)
            }
            first = false
            pointer += width
        }
        return (String(decoding: output, as: UTF8.self), leading, trailing)
    }
}
