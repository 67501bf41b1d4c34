import Foundation

/// Finds the charset a document declares about itself: an HTTP `Content-Type` parameter, an HTML
/// `<meta charset>` or `http-equiv` tag, or an XML declaration.
///
/// Unlike the WHATWG prescan, the whole head is searched (up to `limit` bytes), not just the first 1024:
/// Chinese CMS pages often declare the charset after long scripts.
enum DeclaredCharset {
    static func fromContentType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        return charsetParameter(in: contentType)
    }

    /// A label found in markup, and whether it came from an XML declaration.
    struct MarkupDeclaration: Equatable {
        var label: String
        var isXML: Bool
    }

    /// The label declared in the document's markup, nil when there is none.
    static func inMarkup(_ bytes: Data, limit: Int = 64 * 1024) -> MarkupDeclaration? {
        // Declarations are ASCII in every encoding we meet (UTF-16 is caught by its BOM first), so a Latin-1
        // view of the bytes finds them without decoding.
        let head = String(decoding: bytes.prefix(limit).map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self).lowercased()
        if head.hasPrefix("<?xml"), let end = head.firstIndex(of: ">") {
            let declaration = String(head[..<end])
            if let label = attribute("encoding", in: declaration) { return MarkupDeclaration(label: label, isXML: true) }
        }
        var searchStart = head.startIndex
        while let tagStart = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            guard let tagEnd = head[tagStart.upperBound...].firstIndex(of: ">") else { break }
            let tag = String(head[tagStart.upperBound..<tagEnd])
            if let label = attribute("charset", in: tag) { return MarkupDeclaration(label: label, isXML: false) }
            if attribute("http-equiv", in: tag) == "content-type", let content = attribute("content", in: tag),
               let label = charsetParameter(in: content) {
                return MarkupDeclaration(label: label, isXML: false)
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
        attributes(in: tag)[name]
    }

    /// The attributes of a tag's inside (`name="value" name2=value2 flag`), quotes respected, names lowercased.
    static func attributes(in tag: String) -> [String: String] {
        var result: [String: String] = [:]
        let characters = Array(tag)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index].isWhitespace || characters[index] == "/" { index += 1 } }
        while index < characters.count {
            skipSpaces()
            let nameStart = index
            while index < characters.count, !characters[index].isWhitespace, characters[index] != "=", characters[index] != "/" {
                index += 1
            }
            let name = String(characters[nameStart..<index]).lowercased()
            while index < characters.count, characters[index] == " " { index += 1 }
            guard index < characters.count, characters[index] == "=" else {
                if !name.isEmpty, result[name] == nil { result[name] = "" }
                if index == nameStart { index += 1 }
                continue
            }
            index += 1
            while index < characters.count, characters[index] == " " { index += 1 }
            var value = ""
            if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                let quote = characters[index]
                index += 1
                while index < characters.count, characters[index] != quote { value.append(characters[index]); index += 1 }
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace { value.append(characters[index]); index += 1 }
            }
            if !name.isEmpty, result[name] == nil { result[name] = value.trimmingCharacters(in: .whitespaces) }
        }
        return result
    }
}
