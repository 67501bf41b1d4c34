internal import CLibXML2
import Foundation
import GazetteCore

/// Reads an HTML page with libxml2's HTML parser into lines of text: one line per block element and per
/// table cell, each numbered with the source line its text starts on (`xmlGetLineNo`).
///
/// Only the page's main content is read (``ContentLocator``); scripts, styles, forms, navigation and
/// boilerplate blocks are skipped; data tables become grids (``HTMLTableGrid``). Walks are iterative, so
/// deeply nested pages cannot exhaust the stack. Only the files of this folder call libxml2.
enum HTMLText {
    struct Page {
        /// The page's candidate titles, best first (``PageMetadata/titles``).
        var titles: [String] = []
        var lines: [TextLine]
        /// Real tables, each placed before the line it preceded in the page.
        var grids: [SourceGrid] = []
        /// `<meta name="PubDate">` (or `firstpublishedtime`), as written.
        var published: String?
        /// `<meta name="ContentSource">`: the publishing agency as the CMS records it.
        var contentSource: String?
    }

    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main", "aside", "dd", "dt",
        "dl", "blockquote", "pre", "hr", "center", "address", "figure", "figcaption",
    ]

    private static let initialise: Void = {
        xmlInitParser()
        return ()
    }()

    /// Parses `html` (already UTF-8: the parser is told so, and never switches on a `<meta charset>`).
    ///
    /// The corresponding C functions are `htmlReadMemory`, `xmlDocGetRootElement` and `xmlFreeDoc`.
    static func read(_ html: String, uri: String) throws -> Page {
        _ = initialise
        // libxml2 reports errors through a per-thread handler: collect them here instead of printing them.
        let errors = ParserErrors()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(errors).toOpaque()) { context, error in
            guard let context, let error, let message = error.pointee.message else { return }
            let box = Unmanaged<ParserErrors>.fromOpaque(context).takeUnretainedValue()
            if box.messages.count < 5 { box.messages.append(String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        defer { xmlSetStructuredErrorFunc(nil) { _, _ in } }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        // The string's own UTF-8 storage, not a copy: pages can be tens of megabytes.
        let document: htmlDocPtr? = html.withUTF8InPlace { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(clamping: buffer.count), "gazette:", "UTF-8", options)
            }
        }
        guard let document else {
            throw GazetteError(stage: .extract, code: .extractHTML, message: "libxml2 could not parse the page", input: uri)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return Page(lines: []) }
        let metadata = PageMetadata.read(root)

        var collector = LineCollector()
        var grids: [SourceGrid] = []
        let content = ContentLocator.mainContent(of: root)
        // Not remembered by the name's pointer: libxml2's HTML parser does not intern element names
        // (`htmlCtxtUseOptions` turns `dictNames` off), so every element has a pointer of its own, and a memo by
        // pointer held an entry per element (25 MB for a page of 575,000) and never hit. An element name is short:
        // a String of it is made in place, with no allocation.
        func name(of node: xmlNodePtr) -> String {
            guard let pointer = node.pointee.name else { return "" }
            return String(cString: pointer)
        }
        HTMLTree.walk(content, enter: { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    let collapsed = WhitespaceCollapsing.collapse(content)
                    collector.append(collapsed.text, leadingSpace: collapsed.leading, trailingSpace: collapsed.trailing,
                                     line: collapsed.text.isEmpty ? 0 : Int(xmlGetLineNo(node)))
                }
                return false
            case XML_ELEMENT_NODE:
                let name = name(of: node)
                if ContentLocator.isBoilerplate(node, name: name) { return false }
                if blocks.contains(name) { collector.breakLine() }
                if name == "table", let rows = HTMLTableGrid.grid(of: node) {
                    // A data table becomes a grid; a layout table (one holding tables) is read as text.
                    if !rows.isEmpty { grids.append(SourceGrid(rows: rows, position: collector.lines.count)) }
                    return false
                }
                return true
            default:
                return false
            }
        }, leave: { node in
            if node.pointee.type == XML_ELEMENT_NODE, blocks.contains(name(of: node)) { collector.breakLine() }
        })
        collector.breakLine()
        if let tooDeep = errors.messages.first(where: { $0.contains("depth") }) {
            if collector.lines.isEmpty, grids.isEmpty {
                throw GazetteError(stage: .extract, code: .extractTooDeep,
                                   message: "the page nests elements too deeply to read (libxml2: \(tooDeep))", input: uri)
            }
        }
        return Page(titles: metadata.titles, lines: collector.lines, grids: grids, published: metadata.published,
                    contentSource: metadata.contentSource)
    }

    static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { gazette_xmlFree(value) }
        return String(cString: value)
    }

    static func textContent(of node: xmlNodePtr) -> String? {
        guard let value = xmlNodeGetContent(node) else { return nil }
        defer { gazette_xmlFree(value) }
        return String(cString: value)
    }
}

/// The messages libxml2 reported while parsing one page.
private final class ParserErrors {
    var messages: [String] = []
}

/// Gathers text into lines, collapsing the white space HTML does not render.
private struct LineCollector {
    var lines: [TextLine] = []
    private var current = ""
    private var currentLine = 0

    /// Appends text already collapsed (``WhitespaceCollapsing``); the flags say whether white space stood
    /// around it, which separates it from its neighbours.
    mutating func append(_ text: String, leadingSpace: Bool, trailingSpace: Bool, line: Int) {
        if !current.isEmpty, leadingSpace || text.isEmpty, current.last != " " { current += " " }
        guard !text.isEmpty else { return }
        if current.isEmpty { currentLine = line }
        current += text
        if trailingSpace { current += " " }
    }

    mutating func breakLine() {
        let trimmed = TextLines.trim(Substring(current))
        if !trimmed.isEmpty { lines.append(TextLine(line: max(currentLine, 1), text: trimmed)) }
        current = ""
    }
}
