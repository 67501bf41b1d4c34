import Foundation

/// Finds the charset a document declares about itself: an HTTP `Content-Type` parameter, an HTML
/// `<meta charset>` or `http-equiv` tag, or an XML declaration.
///
/// Unlike the WHATWG prescan, the whole head is searched (up to `limit` bytes), not just the first 1024:
/// Chinese CMS pages often declare the charset after long scripts.
enum DeclaredCharset {
    struct Declaration: Equatable {
        var label: String
        var method: Method
        enum Method { case header, meta }
    }

    static func fromContentType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        return charsetParameter(in: contentType)
    }

    /// The label declared in the document's markup, nil when there is none.
    static func inMarkup(_ bytes: Data, limit: Int = 64 * 1024) -> String? {
        // Declarations are ASCII in every encoding we meet (UTF-16 is caught by its BOM first), so a Latin-1
        // view of the bytes finds them without decoding.
        let head = String(decoding: bytes.prefix(limit).map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self).lowercased()
        if head.hasPrefix("<?xml"), let end = head.firstIndex(of: ">") {
            let declaration = String(head[..<end])
            if let label = attribute("encoding", in: declaration) { return label }
        }
        var searchStart = head.startIndex
        while let tagStart = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            guard let tagEnd = head[tagStart.upperBound...].firstIndex(of: ">") else { break }
            let tag = String(head[tagStart.upperBound..<tagEnd])
            if let label = attribute("charset", in: tag) { return label }
            if attribute("http-equiv", in: tag) == "content-type", let content = attribute("content", in: tag),
               let label = charsetParameter(in: content) {
                return label
            }
            searchStart = tagEnd
        }
        return nil
    }

    private static func charsetParameter(in value: String) -> String? {
        let lower = value.lowercased()
        guard let range = lower.range(of: "charset=") else { return nil }
        let rest = lower[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let label = rest.prefix { !($0 == ";" || $0 == "\"" || $0 == "'" || $0 == " " || $0 == ",") }
        return label.isEmpty ? nil : String(label)
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        var searchStart = tag.startIndex
        while let range = tag.range(of: name, range: searchStart..<tag.endIndex) {
            searchStart = range.upperBound
            // The name must stand alone: not the tail of another attribute (`data-charset`).
            if range.lowerBound > tag.startIndex {
                let before = tag[tag.index(before: range.lowerBound)]
                if before.isLetter || before == "-" { continue }
            }
            var cursor = range.upperBound
            while cursor < tag.endIndex, tag[cursor] == " " { cursor = tag.index(after: cursor) }
            guard cursor < tag.endIndex, tag[cursor] == "=" else { continue }
            cursor = tag.index(after: cursor)
            while cursor < tag.endIndex, tag[cursor] == " " { cursor = tag.index(after: cursor) }
            guard cursor < tag.endIndex else { return nil }
            let quote = tag[cursor]
            if quote == "\"" || quote == "'" {
                let valueStart = tag.index(after: cursor)
                let valueEnd = tag[valueStart...].firstIndex(of: quote) ?? tag.endIndex
                return String(tag[valueStart..<valueEnd]).trimmingCharacters(in: .whitespaces)
            }
            let value = tag[cursor...].prefix { !($0 == " " || $0 == "/" || $0 == ">") }
            return String(value)
        }
        return nil
    }
}
