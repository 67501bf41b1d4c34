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
        // Declarations are ASCII in every encoding we meet (UTF-16 is caught by its BOM first), so they are read in
        // a lowercased ASCII view of the bytes, anything else as `?` (`folded`), which finds them without decoding.
        // The view is made only where a tag is compared or read, not of the whole head first: this runs on every
        // document, most of which have no `<meta` at all, and a copy of 64 KB showed in profiles of decoding.
        bytes.prefix(limit).withUnsafeBytes { raw in
            let head = raw.bindMemory(to: UInt8.self)
            let open = UInt8(ascii: "<"), close = UInt8(ascii: ">")
            // `<` and `>` are the same in the view: no other byte folds to them.
            func next(_ byte: UInt8, from start: Int) -> Int? {
                guard start < head.count, let base = head.baseAddress,
                      let found = memchr(base + start, Int32(byte), head.count - start) else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            func startsWith(_ literal: [UInt8], at start: Int) -> Bool {
                guard head.count - start >= literal.count else { return false }
                return literal.indices.allSatisfy { Self.folded(head[start + $0]) == literal[$0] }
            }
            func text(_ range: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: range.count) { text in
                    for (offset, index) in range.enumerated() { text[offset] = Self.folded(head[index]) }
                    return range.count
                }
            }
            if startsWith(Self.xmlDeclaration, at: 0), let end = next(close, from: 0),
               let label = attribute("encoding", in: text(0..<end)) {
                return MarkupDeclaration(label: label, isXML: true)
            }
            var index = 0
            while let start = next(open, from: index) {
                index = start + 1
                guard startsWith(Self.metaTag, at: start) else { continue }
                guard let end = next(close, from: start + Self.metaTag.count) else { break }
                let tag = text((start + Self.metaTag.count)..<end)
                if let label = attribute("charset", in: tag) { return MarkupDeclaration(label: label, isXML: false) }
                if attribute("http-equiv", in: tag) == "content-type", let content = attribute("content", in: tag),
                   let label = charsetParameter(in: content) {
                    return MarkupDeclaration(label: label, isXML: false)
                }
                index = end
            }
            return nil
        }
    }

    private static let xmlDeclaration = Array("<?xml".utf8)
    private static let metaTag = Array("<meta".utf8)

    /// A byte as declarations are read: ASCII lowercased, any other byte `?`.
    @inline(__always)
    private static func folded(_ byte: UInt8) -> UInt8 { byte >= 0x80 ? UInt8(ascii: "?") : byte.asciiLowercased }

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
