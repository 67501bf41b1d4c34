import GazetteCore

/// Tells HTML from plain text.
enum DocumentFormat {
    static func looksLikeHTML(_ text: String, uri: String, contentType: String?) -> Bool {
        if let contentType = contentType?.lowercased() {
            if contentType.contains("html") { return true }
            if contentType.hasPrefix("text/plain") { return false }
        }
        let lowerURI = uri.lowercased()
        if lowerURI.hasSuffix(".txt") || lowerURI.hasSuffix(".md") { return false }
        // Look at the start of the document only: a text report may quote markup further down.
        // Only ASCII letters are folded: the markers looked for are ASCII, and folding a page of Chinese with
        // Unicode case mappings cost more than the rest of the test.
        let head = text.utf8.prefix(4096).map(\.asciiLowercased)
        let start = String(decoding: head, as: UTF8.self)
        let trimmed = start.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") { return true }
        if lowerURI.hasSuffix(".html") || lowerURI.hasSuffix(".htm") || lowerURI.hasSuffix(".shtml") {
            return trimmed.hasPrefix("<")
        }
        return trimmed.hasPrefix("<") && (start.contains("<body") || start.contains("<p") || start.contains("<div")
            || start.contains("<table"))
    }
}
