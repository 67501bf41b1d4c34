/// Markup written into a string, every piece of a report's text escaped on the way in.
///
/// Reports are scraped from the web: a title or a line may hold `<script>` or `"><img onerror=…>`. Text only
/// enters a page through ``text(_:)`` and ``attribute(_:_:)``, which escape it; ``raw(_:)`` takes markup
/// written in this module. No report text is ever put inside a `<script>` or a `style`.
struct HTML {
    private(set) var output = ""

    /// Markup of this module's own, written as is.
    mutating func raw(_ markup: String) { output += markup }

    /// Text between tags.
    mutating func text(_ text: String) { output += HTML.escape(text) }

    /// ` name="value"`, the value escaped (quotes included).
    mutating func attribute(_ name: String, _ value: String) {
        output += " \(name)=\""
        output += HTML.escape(value)
        output += "\""
    }

    /// An element holding only text: `<tag attributes>text</tag>`.
    mutating func element(_ tag: String, _ text: String, class className: String? = nil, attributes: [(String, String)] = []) {
        output += "<\(tag)"
        if let className { attribute("class", className) }
        for (name, value) in attributes { attribute(name, value) }
        output += ">"
        self.text(text)
        output += "</\(tag)>"
    }

    /// A table row of text cells (`td`, or `th` in a header), each escaped.
    mutating func row(_ cells: [String], cell tag: String = "td", class rowClass: String? = nil) {
        output += "<tr"
        if let rowClass { attribute("class", rowClass) }
        output += ">"
        for cell in cells { element(tag, cell) }
        output += "</tr>"
    }

    /// `<thead>` with one row of column labels, then `<tbody>`.
    mutating func tableHead(_ labels: [String]) {
        output += "<thead>"
        row(labels, cell: "th")
        output += "</thead><tbody>"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The start of a page: the shared style sheet and script, found `up` folders above the page.
    static func page(title: String, up: Int, bodyClass: String) -> HTML {
        let prefix = String(repeating: "../", count: up)
        var html = HTML()
        html.raw("<!doctype html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.element("title", title)
        html.raw("<link rel=\"stylesheet\" href=\"\(prefix)review.css\"><script src=\"\(prefix)review.js\" defer></script>")
        html.raw("</head>\n<body class=\"\(bodyClass)\">\n")
        return html
    }

    mutating func endPage() { output += "\n</body></html>\n" }
}

/// Numbers as a reader expects them: integers without a decimal point, others as printed by Swift.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func format(_ value: Double?) -> String { value.map(format) ?? "blank" }
}
