import GazetteCore
import GazetteReconstruct

/// The page of one report: its tables on the template beside its source text, and the evidence panel.
struct ReportPage {
    let report: Report
    let triage: ReportTriage
    let source: ReportSource
    /// The templates' tables by format and key.
    let outlines: OutlineIndex
    /// The agency's page across years, relative to this page, when the run holds several years of it.
    let agencyPage: String?

    func render() -> String {
        let heading = report.title ?? report.source.uri
        var html = HTML.page(title: heading + " · Gazette review", up: 1, bodyClass: "report-page")
        html.raw("<header class=\"top\"><nav><a href=\"../index.html\">← all reports</a>")
        if let agencyPage {
            html.raw(" · <a")
            html.attribute("href", agencyPage)
            html.raw(">this agency across years</a>")
        }
        html.raw("</nav>")
        html.element("h1", heading)
        html.raw("<p class=\"meta\">")
        let facts = [report.agency, report.year.map { "\($0)" }, report.template.map { "template \($0)" }, report.family,
                     report.published.map { "published \($0)" }].compactMap { $0 }
        html.text(facts.joined(separator: " · "))
        html.raw("<br><span class=\"uri\">")
        html.text(report.source.uri)
        html.raw("</span>")
        if let url = report.source.url, url.hasPrefix("http://") || url.hasPrefix("https://") {
            html.raw(" <a rel=\"noreferrer\"")
            html.attribute("href", url)
            html.raw(">page</a>")
        }
        html.raw("</p>")
        renderCounts(into: &html)
        html.raw("</header>\n<main>\n<section id=\"tables\">")
        if report.tables.isEmpty { html.raw("<p class=\"empty\">No table was found in this report.</p>") }
        for (index, table) in report.tables.enumerated() {
            renderTable(table, index: index, into: &html)
        }
        html.raw("</section>\n<section id=\"source\"><div class=\"toolbar\"><h2>Source text</h2>")
        switch source {
        case .text(let document):
            if document.original != nil {
                html.raw("<button type=\"button\" id=\"toggle-original\" aria-pressed=\"false\">show original script</button>")
            }
            html.raw("<span id=\"selection\" class=\"selection\"></span></div>")
            SourceView(document: document).render(into: &html)
        case .unavailable(let reason):
            html.raw("</div><p class=\"unavailable\">")
            html.text("The source text cannot be shown: \(reason). Cells still name their lines.")
            html.raw("</p>")
        }
        html.raw("</section>\n<aside id=\"panel\">")
        EvidenceView(report: report).render(into: &html)
        html.raw("</aside>\n</main>")
        html.endPage()
        return html.output
    }

    private func renderCounts(into html: inout HTML) {
        html.raw("<ul class=\"counts\">")
        func item(_ count: Int, _ text: String, _ className: String) {
            html.raw("<li class=\"\(count > 0 ? className : "zero")\"><b>\(count)</b> ")
            html.text(text)
            html.raw("</li>")
        }
        item(triage.checksFailed, "checks failed", "bad")
        item(triage.checksOK, "hold", "good")
        item(triage.checksNotEvaluated, "not evaluated", "note")
        item(triage.ambiguous, "ambiguous cells", "bad")
        item(triage.positional, "positional cells", "note")
        item(triage.stated, "stated in a sentence", "note")
        if !triage.missingTables.isEmpty {
            html.raw("<li class=\"bad\">missing tables: ")
            html.text(triage.missingTables.joined(separator: ", "))
            html.raw("</li>")
        }
        html.raw("</ul>")
    }

    private func renderTable(_ table: Report.Table, index: Int, into html: inout HTML) {
        let outline = outlines.outline(table.key, format: table.template ?? report.template)
        html.raw("<article class=\"table\" id=\"t\(index)\">")
        html.raw("<h2>")
        html.text(table.title ?? outline?.title ?? table.key)
        html.raw(" <span class=\"key\">")
        html.text(table.key + (table.template.map { " · \($0)" } ?? ""))
        html.raw("</span></h2>")
        var view = TableView(table: table, outline: outline, index: index)
        html.raw("<div class=\"scroll\">")
        view.render(into: &html)
        html.raw("</div>")
        ChecksView(table: table, outline: outline, cellIDs: view.cellIDs).render(into: &html)
        html.raw("</article>\n")
    }
}

/// The templates' tables, looked up by format and key.
struct OutlineIndex: Sendable {
    let all: [TableOutline]
    private let byKey: [String: TableOutline]

    init(_ outlines: [TableOutline]) {
        all = outlines
        var byKey: [String: TableOutline] = [:]
        for outline in outlines { byKey["\(outline.format)/\(outline.key)"] = byKey["\(outline.format)/\(outline.key)"] ?? outline }
        self.byKey = byKey
    }

    /// The table `key` of `format`; with no format known, the first format that has it.
    func outline(_ key: String, format: String?) -> TableOutline? {
        if let format { return byKey["\(format)/\(key)"] }
        return all.first { $0.key == key }
    }
}
