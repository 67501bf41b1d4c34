internal import CLibXML2

/// HTML's white-space rule on UTF-8 bytes: every run of spaces, tabs, line breaks and no-break spaces
/// becomes one space. Working on bytes keeps it cheap for megabyte pages (no grapheme breaking).
enum WhitespaceCollapsing {
    /// The collapsed text, and whether it started or ended with white space.
    static func collapse(_ text: UnsafePointer<xmlChar>) -> (text: String, leading: Bool, trailing: Bool) {
        var leading = false
        var trailing = false
        // Written straight into the string's storage, at most the text's length: every text node of a page comes
        // here, and a byte array grown a byte at a time, then copied into a String, cost an allocation per doubling.
        let collapsed = String(unsafeUninitializedCapacity: Int(xmlStrlen(text))) { output in
            var count = 0
            var pointer = text
            var pendingSpace = false
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
                    if pendingSpace, count > 0 {
                        output[count] = 0x20
                        count += 1
                    }
                    pendingSpace = false
                    trailing = false
                    output[count] = byte
                    count += 1
                }
                first = false
                pointer += width
            }
            return count
        }
        return (collapsed, leading, trailing)
    }
}
