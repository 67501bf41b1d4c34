import GazetteAudit
import GazetteCore

/// One agency's year of figures, as the across-years page charts them. Unknown and ambiguous cells are nil:
/// a chart never draws a guess.
struct AgencyYear: Sendable {
    var year: Int
    /// The report's page, relative to the site's root.
    var page: String
    var checksFailed: Int
    /// Applications received (`applications` / `new` / `total`).
    var received: Double?
    /// Outcomes by group, in ``AgencyYear/outcomeGroups`` order (column `total`).
    var outcomes: [Double?]
    /// Appeals: administrative review, direct litigation, litigation after review (each `…total`).
    var appeals: [Double?]

    static let outcomeGroups: [(name: String, prefix: String)] = [
        ("予以公开 disclosed", "outcome.disclosed"), ("部分公开 partially", "outcome.partially_disclosed"),
        ("不予公开 withheld", "outcome.withheld."), ("无法提供 unavailable", "outcome.unavailable."),
        ("不予处理 not processed", "outcome.not_processed."), ("其他处理 other", "outcome.other"),
    ]
    static let appealColumns: [(name: String, column: String)] = [
        ("行政复议 review", "review.total"), ("直接起诉 litigation", "litigation.direct.total"),
        ("复议后起诉 after review", "litigation.after_review.total"),
    ]

    init(_ report: Report, year: Int, page: String, checksFailed: Int) {
        self.year = year
        self.page = page
        self.checksFailed = checksFailed
        let applications = report.tables.first { $0.key == "applications" }
        received = Self.value(applications, row: "new", column: "total")
        outcomes = Self.outcomeGroups.map { group in
            let rows = applications?.rows.filter { ($0.key ?? "").hasPrefix(group.prefix) } ?? []
            guard !rows.isEmpty else { return nil }
            var sum = 0.0
            for row in rows {
                guard let value = Self.value(row, column: "total") else { return nil }
                sum += value
            }
            return sum
        }
        let appealsTable = report.tables.first { $0.key == "appeals" }
        appeals = Self.appealColumns.map { Self.value(appealsTable, row: "count", column: $0.column) }
    }

    private static func value(_ table: Report.Table?, row: String, column: String) -> Double? {
        table?.rows.first { $0.key == row }.flatMap { value($0, column: column) }
    }

    private static func value(_ row: Report.Row, column: String) -> Double? {
        guard let cell = row.cells.first(where: { $0.column == column }), cell.flag != .ambiguous else { return nil }
        return cell.value
    }
}

/// The page of one agency across the years the run holds: the main series as charts, a table of the same
/// figures, and the cross-year audit's findings.
struct AgencyPage {
    let agency: String
    /// One entry a year, in year order (a re-publication of a year is not a second point).
    let years: [AgencyYear]
    let findings: [CrossYearAudit.Finding]

    func render() -> String {
        var html = HTML.page(title: agency + " · Gazette review", up: 1, bodyClass: "agency-page")
        html.raw("<header class=\"top\"><nav><a href=\"../index.html\">← all reports</a></nav>")
        html.element("h1", agency)
        html.raw("<p class=\"meta\">")
        html.text("\(years.count) years: " + years.map { "\($0.year)" }.joined(separator: ", "))
        html.raw("</p></header>\n<main class=\"agency\">")
        let yearNumbers = years.map(\.year)
        html.raw("<div class=\"charts\">")
        SeriesChart(title: "Applications received (本年新收, total)", years: yearNumbers,
                    series: [.init(name: "received", values: years.map(\.received))]).render(into: &html)
        SeriesChart(title: "How applications were answered (share of the outcomes, total column)", years: yearNumbers,
                    series: AgencyYear.outcomeGroups.enumerated().map { index, group in
                        .init(name: group.name, values: years.map { $0.outcomes[index] })
                    }, stackedShares: true).render(into: &html)
        SeriesChart(title: "Appeals: administrative review and litigation (totals)", years: yearNumbers,
                    series: AgencyYear.appealColumns.enumerated().map { index, column in
                        .init(name: column.name, values: years.map { $0.appeals[index] })
                    }).render(into: &html)
        html.raw("</div>")
        renderFigures(into: &html)
        renderFindings(into: &html)
        html.raw("</main>")
        html.endPage()
        return html.output
    }

    private func renderFigures(into html: inout HTML) {
        html.raw("<h2>The figures</h2><table class=\"figures\"><thead><tr><th>year</th><th>received</th>")
        for group in AgencyYear.outcomeGroups { html.element("th", group.name) }
        for column in AgencyYear.appealColumns { html.element("th", column.name) }
        html.raw("<th>failed checks</th></tr></thead><tbody>")
        for year in years {
            html.raw("<tr><th><a")
            html.attribute("href", "../" + year.page)
            html.raw(">\(year.year)</a></th>")
            for value in [year.received] + year.outcomes + year.appeals {
                html.element("td", value.map(NumberText.format) ?? "n/a", class: value == nil ? "unknown" : nil)
            }
            html.element("td", "\(year.checksFailed)", class: year.checksFailed > 0 ? "bad" : nil)
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }

    private func renderFindings(into html: inout HTML) {
        html.raw("<h2>Cross-year audit</h2>")
        guard !findings.isEmpty else {
            html.raw("<p>No consecutive years to compare.</p>")
            return
        }
        let failing = findings.filter { !$0.ok }.count
        html.raw("<p>\(findings.count) checks between consecutive years, <b>\(failing)</b> do not reconcile (soft: recounts break them in real reports).</p>")
        html.raw("<table class=\"findings\"><thead><tr><th>years</th><th>rule</th><th>row</th><th>column</th><th>this year</th><th>from the year before</th></tr></thead><tbody>")
        for finding in findings.sorted(by: { ($0.ok ? 1 : 0, $0.year) < ($1.ok ? 1 : 0, $1.year) }) {
            html.raw(finding.ok ? "<tr class=\"ok\">" : "<tr class=\"failed\">")
            html.element("td", "\(finding.previousYear) → \(finding.year)")
            html.element("td", finding.rule)
            html.element("td", finding.row)
            html.element("td", finding.column)
            html.element("td", NumberText.format(finding.left))
            html.element("td", NumberText.format(finding.right))
            html.raw("</tr>")
        }
        html.raw("</tbody></table>")
    }
}
