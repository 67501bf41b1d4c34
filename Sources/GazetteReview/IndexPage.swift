import Foundation
import GazetteCore

/// The site's first page: the run's summary, the inputs that failed, and every report in the order a
/// reviewer should look at them, with a filter box.
struct IndexPage {
    let summary: RunSummary?
    let errors: [ErrorRecord]
    /// In triage order (``ReportTriage/comesBefore(_:)``).
    let reports: [ReportTriage]
    /// Agencies with several years, and their pages.
    let agencies: [(name: String, years: Int, page: String)]

    func render() -> String {
        var html = HTML.page(title: "Gazette review", up: 0, bodyClass: "index-page")
        html.raw("<header class=\"top\"><h1>Gazette review</h1>")
        renderSummary(into: &html)
        html.raw("</header>\n<main class=\"index\">")
        renderErrors(into: &html)
        renderAgencies(into: &html)
        renderReports(into: &html)
        html.raw("</main>")
        html.endPage()
        return html.output
    }

    private func renderSummary(into html: inout HTML) {
        guard let summary else {
            html.raw("<p class=\"meta\">No run.json in the output folder: the run's summary is not known.</p>")
            return
        }
        html.raw("<p class=\"meta run\"><b>\(summary.inputs)</b> inputs, <b>\(summary.ingested)</b> ingested, ")
        html.raw("<b class=\"\(summary.failed > 0 ? "bad" : "good")\">\(summary.failed)</b> failed")
        let needing = reports.filter { !$0.isClean }.count
        html.raw(" · <b>\(needing)</b> of \(reports.count) reports need a look</p>")
        // Stages across, counts down: the table stays as short as the summary line above it.
        let stages = StageID.allCases.compactMap { stage in summary.stages[stage.rawValue].map { (stage, $0) } }
        html.raw("<table class=\"stages\"><thead><tr><th>stage</th>")
        for (stage, _) in stages { html.element("th", stage.rawValue) }
        html.raw("</tr></thead><tbody>")
        let rows: [(String, (RunSummary.StageCounts) -> String)] = [
            ("ran", { "\($0.ran)" }), ("cached", { "\($0.cached)" }), ("failed", { "\($0.failed)" }),
            ("seconds", { String(format: "%.2f", $0.seconds) }),
        ]
        for (name, value) in rows {
            html.raw("<tr>")
            html.element("th", name)
            for (_, counts) in stages { html.element("td", value(counts)) }
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }

    private func renderErrors(into html: inout HTML) {
        guard !errors.isEmpty else { return }
        html.raw("<section id=\"errors\"><h2>\(errors.count) inputs failed</h2><table class=\"errors\">")
        html.tableHead(["input", "stage", "code", "message"])
        for error in errors { html.row([error.input, error.stage.rawValue, error.code, error.message]) }
        html.raw("</tbody></table></section>")
    }

    private func renderAgencies(into html: inout HTML) {
        guard !agencies.isEmpty else { return }
        html.raw("<section id=\"agencies\"><h2>Across years</h2><ul class=\"agencies\">")
        for agency in agencies {
            html.raw("<li><a")
            html.attribute("href", agency.page)
            html.raw(">")
            html.text(agency.name)
            html.raw("</a> (\(agency.years) years)</li>")
        }
        html.raw("</ul></section>")
    }

    private func renderReports(into html: inout HTML) {
        html.raw("<section id=\"reports\"><h2>\(reports.count) reports, what needs a look first</h2>")
        html.raw("<p><input type=\"search\" id=\"filter\" placeholder=\"filter: agency, year, title, code…\" aria-label=\"filter the reports\"> <span id=\"shown\"></span></p>")
        html.raw("<table class=\"reports\"><thead><tr><th>agency</th><th>year</th><th>template</th><th>tables</th>")
        html.raw("<th>checks ok</th><th>failed</th><th>not evaluated</th><th>ambiguous</th><th>positional</th><th>missing tables</th><th>errors / warnings</th><th>report</th></tr></thead><tbody>")
        for report in reports {
            html.raw(report.isClean ? "<tr class=\"report clean\">" : "<tr class=\"report look\">")
            html.element("td", report.agency ?? "(agency unknown)")
            html.element("td", report.year.map { "\($0)" } ?? "–")
            html.element("td", report.template ?? report.family)
            html.raw("<td>\(report.tablesFound)</td>")
            html.raw("<td>\(report.checksOK)</td>")
            count(report.checksFailed, into: &html)
            html.raw("<td>\(report.checksNotEvaluated)</td>")
            count(report.ambiguous, into: &html)
            count(report.positional, into: &html, className: "note")
            html.element("td", report.missingTables.joined(separator: ", "), class: report.missingTables.isEmpty ? nil : "bad")
            html.element("td", "\(report.errors) / \(report.warnings)", class: report.errors + report.warnings > 0 ? "note" : nil)
            html.raw("<td class=\"title\"><a")
            html.attribute("href", report.page)
            html.raw(">")
            html.text(report.title ?? report.uri)
            html.raw("</a>")
            // Reports of one title (a re-publication, a copy in another form) are told apart by their source.
            html.element("span", report.uri.split(separator: "/").last.map(String.init) ?? report.uri, class: "uri")
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody></table></section>")
    }

    private func count(_ value: Int, into html: inout HTML, className: String = "bad") {
        html.raw(value > 0 ? "<td class=\"\(className)\">\(value)</td>" : "<td>0</td>")
    }
}
