internal import CLibXML2
import Foundation

/// Finds a page's main content: the deepest element that still holds nearly all of the page's text that is
/// not link text. Navigation, breadcrumbs, share bars and footers are mostly links or short, so the article
/// body of a CMS page wins without knowing the CMS; elements whose class or id names boilerplate are left
/// out of the count and out of the text.
enum ContentLocator {
    /// The share of the page's non-link text an element must hold to be taken as the content.
    static let dominance = 0.8

    private static let boilerplateWords = [
        "nav", "menu", "footer", "breadcrumb", "crumb", "share", "sidebar", "copyright", "topbar", "toolbar",
        "search", "login", "related", "bdshare", "jiathis", "print",
    ]
    /// Elements whose text is never the report's: page furniture, scripts, forms, embedded objects.
    static let unreadTags: Set<String> = [
        "nav", "footer", "aside", "script", "style", "noscript", "template", "title", "form", "button", "select",
        "option", "textarea", "iframe", "svg", "canvas", "object", "embed",
    ]

    /// Whether an element is page furniture by its tag, class or id (`name` is its tag, when known already).
    static func isBoilerplate(_ node: xmlNodePtr, name: String? = nil) -> Bool {
        if unreadTags.contains(name ?? HTMLTableGrid.name(of: node)) { return true }
        // Most elements carry no class or id: check for attributes before building any string.
        guard node.pointee.properties != nil else { return false }
        for attribute in ["class", "id"] {
            guard let value = HTMLText.attribute(attribute, of: node)?.lowercased(), !value.isEmpty else { continue }
            if boilerplateWords.contains(where: { value.contains($0) }) { return true }
        }
        return false
    }

    /// The element to read: `<body>` or the deepest element holding at least `dominance` of its non-link text.
    static func mainContent(of root: xmlNodePtr) -> xmlNodePtr {
        let body = HTMLTableGrid.children(of: root).first { HTMLTableGrid.isNamed($0, "body") } ?? root
        storeTextWeights(below: body)
        let total = weight(body)
        guard total > 0 else { return body }
        var current = body
        while true {
            var best: xmlNodePtr?
            var child = current.pointee.children
            while let node = child {
                if node.pointee.type == XML_ELEMENT_NODE, weight(node) > best.map(weight) ?? -1 { best = node }
                child = node.pointee.next
            }
            guard let best, Double(weight(best)) >= dominance * Double(total) else { break }
            current = best
        }
        return current
    }

    /// The weight stored in an element's `_private` field, which libxml2 leaves to applications.
    private static func weight(_ node: xmlNodePtr) -> Int {
        Int(bitPattern: node.pointee._private)
    }

    /// Stores in every element below `node` (and itself) the number of non-space characters of text outside
    /// links, boilerplate excluded. Bottom-up without recursion, and without allocating per node.
    private static func storeTextWeights(below root: xmlNodePtr) {
        var linkDepth = 0
        HTMLTree.walk(root, enter: { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            node.pointee._private = nil
            if isBoilerplate(node) { return false }
            if HTMLTableGrid.isNamed(node, "a") { linkDepth += 1 }
            return true
        }, leave: { node in
            let inLink = linkDepth > 0
            var sum = 0
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_ELEMENT_NODE: sum += weight(current)
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if !inLink, let content = current.pointee.content { sum += visibleCharacters(content) }
                default: break
                }
                child = current.pointee.next
            }
            node.pointee._private = UnsafeMutableRawPointer(bitPattern: sum)
            if HTMLTableGrid.isNamed(node, "a") { linkDepth -= 1 }
        })
    }
}

extension ContentLocator {
    /// Code points that are not ASCII white space, counted on the UTF-8 bytes.
    static func visibleCharacters(_ text: UnsafePointer<xmlChar>) -> Int {
        var count = 0
        var pointer = text
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            if byte & 0xC0 != 0x80, byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 { count += 1 }
            pointer += 1
        }
        return count
    }
}

/// The title, date and publisher a page's metadata gives.
struct PageMetadata {
    /// What may be the report's title, best first: `<meta name="ArticleTitle">`, `<title>`, the first `<h1>`.
    /// A CMS's `<title>` is often only the site's name; ``TitleFinder`` takes the first that names a report.
    var titles: [String] = []
    var published: String?
    var contentSource: String?

    static func read(_ root: xmlNodePtr) -> PageMetadata {
        var metadata = PageMetadata()
        var articleTitle: String?
        var titleElement: String?
        let children = HTMLTableGrid.children(of: root)
        // <title> and <meta> live in the head (the parser puts strays there too).
        var stack: [xmlNodePtr] = children.filter { HTMLTableGrid.isNamed($0, "head") }
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            if HTMLTableGrid.isNamed(node, "title"), titleElement == nil { titleElement = HTMLText.textContent(of: node) }
            if HTMLTableGrid.isNamed(node, "meta") {
                let key = HTMLText.attribute("name", of: node)?.lowercased() ?? ""
                let value = HTMLText.attribute("content", of: node).map(clean)
                switch key {
                case "articletitle": articleTitle = articleTitle ?? value
                case "pubdate", "firstpublishedtime", "publishdate": metadata.published = metadata.published ?? value
                case "contentsource": metadata.contentSource = metadata.contentSource ?? value
                default: break
                }
            }
            stack += HTMLTableGrid.children(of: node)
        }
        let firstHeading = firstElement(named: "h1", below: root).flatMap(HTMLText.textContent)
        metadata.titles = [articleTitle, titleElement.map(clean), firstHeading.map(clean)].compactMap { $0 }
            .filter { !$0.isEmpty }
        if metadata.published?.isEmpty == true { metadata.published = nil }
        if metadata.contentSource?.isEmpty == true { metadata.contentSource = nil }
        return metadata
    }

    /// The first element with this tag in document order, the walk stopping there. It follows the tree's own
    /// links (child, next sibling, parent) rather than keeping a stack: a page without one is walked whole.
    private static func firstElement(named name: StaticString, below root: xmlNodePtr) -> xmlNodePtr? {
        var node = root.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                if HTMLTableGrid.isNamed(current, name) { return current }
                if let child = current.pointee.children {
                    node = child
                    continue
                }
            }
            // Up to the nearest ancestor with a next sibling, stopping at the root.
            var climbing: xmlNodePtr? = current
            while let step = climbing, step != root, step.pointee.next == nil { climbing = step.pointee.parent }
            guard let step = climbing, step != root else { return nil }
            node = step.pointee.next
        }
        return nil
    }

    private static func clean(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }
}
