import GazetteCore

/// The report's source text as the tables were read from it: the normalized lines with their line numbers in
/// the decoded source (the numbers cells' `line` refers to), the original script of each converted line
/// beside it (shown on hover, or for every line by the page's toggle), and real tables where they stood.
struct SourceView {
    let document: NormalizedDocument

    func render(into html: inout HTML) {
        let content = document.content
        let original = document.original?.lines
        var grids = content.grids.sorted { $0.position < $1.position }[...]
        // Lines of HTML markup may share a source line; the first of them is the target of `#L<n>` links.
        var named = Set<Int>()
        html.raw("<ol class=\"lines\">")
        for (index, line) in content.lines.enumerated() {
            while let grid = grids.first, grid.position <= index {
                render(grid, into: &html)
                grids.removeFirst()
            }
            let before = original.flatMap { index < $0.count ? $0[index] : nil }
            let converted = before != nil && before != line.text
            html.raw("<li class=\"\(converted ? "line converted" : "line")\" data-line=\"\(line.line)\"")
            if named.insert(line.line).inserted { html.raw(" id=\"L\(line.line)\"") }
            if converted, let before { html.attribute("title", before) }
            html.raw("><span class=\"no\">\(line.line)</span>")
            html.element("span", line.text, class: "text")
            if converted, let before { html.element("span", before, class: "original") }
            html.raw("</li>\n")
        }
        for grid in grids { render(grid, into: &html) }
        html.raw("</ol>")
    }

    /// A table of the page's markup, cell by cell with their lines (spanned copies shown once).
    private func render(_ grid: SourceGrid, into html: inout HTML) {
        let first = grid.rows.lazy.flatMap { $0 }.first?.line ?? 0
        html.raw("<li class=\"source-grid\"><span class=\"no\">\(first)</span><table>")
        for row in grid.rows {
            html.raw("<tr>")
            for cell in row where !cell.spanned {
                html.element("td", cell.text, attributes: [("data-line", String(cell.line))])
            }
            html.raw("</tr>")
        }
        html.raw("</table></li>\n")
    }
}

/// The side panel: how the bytes were decoded, what script conversion did, and every diagnostic.
struct EvidenceView {
    let report: Report

    func render(into html: inout HTML) {
        let encoding = report.encoding
        html.raw("<section class=\"evidence\"><h2>Decoding</h2><p>")
        html.text("\(encoding.name), by \(encoding.method.rawValue)")
        if let declared = encoding.declared { html.text(" (declared: \(declared))") }
        html.text(encoding.invalidBytes == 0 ? "; every byte decoded" : "; \(encoding.invalidBytes) bytes did not decode (U+FFFD)")
        html.raw("</p>")
        if !encoding.evidence.isEmpty {
            html.raw("<table class=\"candidates\">")
            html.tableHead(["from", "label", "encoding", "why"])
            for candidate in encoding.evidence {
                html.row([candidate.from, candidate.label ?? "", candidate.encoding ?? "unknown",
                          (candidate.taken ? "taken: " : "") + candidate.reason], class: candidate.taken ? "taken" : nil)
            }
            html.raw("</tbody></table>")
        }
        html.raw("<h2>Script</h2><p>")
        html.text("detected \(report.script.detected.rawValue)")
        if let converter = report.script.converter { html.text("; converted with \(converter)") }
        html.raw("</p>")
        let phrases = report.diagnostics.filter { $0.code == "normalize.phrase-replaced" }
        if !phrases.isEmpty {
            html.raw("<h3>Converted phrases</h3><ul class=\"phrases\">")
            for phrase in phrases { renderDiagnostic(phrase, withCode: false, into: &html) }
            html.raw("</ul>")
        }
        let others = report.diagnostics.filter { $0.code != "normalize.phrase-replaced" }
        html.raw("<h2>Diagnostics</h2>")
        if others.isEmpty {
            html.raw("<p>none</p>")
        } else {
            html.raw("<ul class=\"diagnostics\">")
            for diagnostic in others { renderDiagnostic(diagnostic, withCode: true, into: &html) }
            html.raw("</ul>")
        }
        html.raw("</section>")
    }

    private func renderDiagnostic(_ diagnostic: Diagnostic, withCode: Bool, into html: inout HTML) {
        html.raw("<li class=\"\(diagnostic.severity.rawValue)\">")
        if withCode { html.element("code", diagnostic.code) }
        html.raw(" ")
        html.text(diagnostic.message)
        if let line = diagnostic.line {
            html.raw(" <a class=\"line-link\" href=\"#L\(line)\" data-line=\"\(line)\">line \(line)</a>")
        }
        html.raw("</li>")
    }
}
