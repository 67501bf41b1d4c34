import Foundation
import GazetteCore

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
        // Declarations are ASCII in every encoding we meet (UTF-16 is caught by its BOM first), so a lowercased
        // ASCII view of the bytes (anything else as `?`) finds them without decoding. Bytes, not a String:
        // this runs on every document, and searching 64 KB of String was a visible share of decoding.
        var head = [UInt8](bytes.prefix(limit))
        // Through the buffer: a subscript assignment per byte asked whether the array was shared at every byte.
        head.withUnsafeMutableBufferPointer { head in
            for index in head.indices {
                let byte = head[index]
                if byte >= 0x80 { head[index] = UInt8(ascii: "?") } else if byte >= 0x41, byte <= 0x5A { head[index] = byte + 32 }
            }
        }
        func text(_ range: Range<Int>) -> String { String(decoding: head[range], as: UTF8.self) }
        if head.starts(with: "<?xml".utf8), let end = head.firstIndex(of: UInt8(ascii: ">")) {
            if let label = attribute("encoding", in: text(0..<end)) { return MarkupDeclaration(label: label, isXML: true) }
        }
        let meta = Array("<meta".utf8)
        var index = 0
        while let open = head[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard head[open...].starts(with: meta) else { continue }
            guard let close = head[(open + meta.count)...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = text((open + meta.count)..<close)
            if let label = attribute("charset", in: tag) { return MarkupDeclaration(label: label, isXML: false) }
            if attribute("http-equiv", in: tag) == "content-type", let content = attribute("content", in: tag),
               let label = charsetParameter(in: content) {
                return MarkupDeclaration(label: label, isXML: false)
            }
            index = close
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
            if !name.isEmpty, result[name] == nil { result[name] = value.trimmingSpaces }
        }
        return result
    }
}
