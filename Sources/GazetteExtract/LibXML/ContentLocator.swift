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
    private static let boilerplateTags: Set<String> = ["nav", "footer", "aside", "script", "style", "noscript", "form",
                                                       "template", "iframe", "select", "button"]

    /// Whether an element is page furniture by its tag, class or id.
    static func isBoilerplate(_ node: xmlNodePtr) -> Bool {
        let tag = HTMLTableGrid.name(of: node)
        if boilerplateTags.contains(tag) { return true }
        for attribute in ["class", "id"] {
            guard let value = HTMLText.attribute(attribute, of: node)?.lowercased(), !value.isEmpty else { continue }
            if boilerplateWords.contains(where: { value.contains($0) }) { return true }
        }
        return false
    }

    /// The element to read: `<body>` or the deepest element holding at least `dominance` of its non-link text.
    static func mainContent(of root: xmlNodePtr) -> xmlNodePtr {
        let body = HTMLTableGrid.children(of: root).first { HTMLTableGrid.name(of: $0) == "body" } ?? root
        let weights = textWeights(below: body)
        let total = weights[UnsafeMutableRawPointer(body)] ?? 0
        guard total > 0 else { return body }
        var current = body
        while true {
            let best = HTMLTableGrid.children(of: current)
                .filter { $0.pointee.type == XML_ELEMENT_NODE }
                .max { (weights[UnsafeMutableRawPointer($0)] ?? 0) < (weights[UnsafeMutableRawPointer($1)] ?? 0) }
            guard let best, Double(weights[UnsafeMutableRawPointer(best)] ?? 0) >= dominance * Double(total) else { break }
            current = best
        }
        return current
    }

    /// For every element below `node` (and itself): the number of non-space characters of text outside links,
    /// boilerplate excluded. Computed bottom-up without recursion.
    private static func textWeights(below node: xmlNodePtr) -> [UnsafeMutableRawPointer: Int] {
        var weights: [UnsafeMutableRawPointer: Int] = [:]
        var stack: [(node: xmlNodePtr, leaving: Bool, inLink: Bool)] = [(node, false, false)]
        while let (current, leaving, inLink) = stack.popLast() {
            if leaving {
                let sum = HTMLTableGrid.children(of: current).reduce(0) { $0 + (weights[UnsafeMutableRawPointer($1)] ?? 0) }
                weights[UnsafeMutableRawPointer(current)] = sum
                continue
            }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if !inLink, let content = current.pointee.content {
                    weights[UnsafeMutableRawPointer(current)] = String(cString: content).reduce(0) { $0 + ($1.isWhitespace ? 0 : 1) }
                }
            case XML_ELEMENT_NODE:
                if isBoilerplate(current) { continue }
                let link = inLink || HTMLTableGrid.name(of: current) == "a"
                stack.append((current, true, link))
                for child in HTMLTableGrid.children(of: current) { stack.append((child, false, link)) }
            default:
                continue
            }
        }
        return weights
    }
}

/// The title, date and publisher a page's metadata gives.
struct PageMetadata {
    var title: String?
    var published: String?
    var contentSource: String?

    static func read(_ root: xmlNodePtr) -> PageMetadata {
        var metadata = PageMetadata()
        var titleElement: String?
        var firstHeading: String?
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let name = HTMLTableGrid.name(of: node)
            switch name {
            case "title": if titleElement == nil { titleElement = HTMLText.textContent(of: node) }
            case "h1": if firstHeading == nil { firstHeading = HTMLText.textContent(of: node) }
            case "meta":
                let key = HTMLText.attribute("name", of: node)?.lowercased() ?? ""
                let value = HTMLText.attribute("content", of: node).map(clean)
                switch key {
                case "articletitle": metadata.title = metadata.title ?? value
                case "pubdate", "firstpublishedtime", "publishdate": metadata.published = metadata.published ?? value
                case "contentsource": metadata.contentSource = metadata.contentSource ?? value
                default: break
                }
            default: break
            }
            if name == "script" || name == "style" { continue }
            stack += HTMLTableGrid.children(of: node).reversed()
        }
        metadata.title = [metadata.title, titleElement.map(clean), firstHeading.map(clean)]
            .compactMap { $0 }.first { !$0.isEmpty }
        if metadata.published?.isEmpty == true { metadata.published = nil }
        if metadata.contentSource?.isEmpty == true { metadata.contentSource = nil }
        return metadata
    }

    private static func clean(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }
}
