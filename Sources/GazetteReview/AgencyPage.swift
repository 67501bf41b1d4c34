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
        let applications = report.table("applications")
        received = Self.known(applications?.cell(row: "new", column: "total"))
        outcomes = Self.outcomeGroups.map { group in
            let rows = applications?.rows.filter { ($0.key ?? "").hasPrefix(group.prefix) } ?? []
            guard !rows.isEmpty else { return nil }
            var sum = 0.0
            for row in rows {
                guard let value = Self.known(row.cells.first { $0.column == "total" }) else { return nil }
                sum += value
            }
            return sum
        }
        let appealsTable = report.table("appeals")
        appeals = Self.appealColumns.map { Self.known(appealsTable?.cell(row: "count", column: $0.column)) }
    }

    /// A cell's value, nil when it is unknown or ambiguous (a chart draws no guess).
    private static func known(_ cell: Report.Cell?) -> Double? {
        cell?.flag == .ambiguous ? nil : cell?.value
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
        html.raw("<table class=\"findings\">")
        html.tableHead(["years", "rule", "row", "column", "this year", "from the year before"])
        for finding in findings.sorted(by: { ($0.ok ? 1 : 0, $0.year) < ($1.ok ? 1 : 0, $1.year) }) {
            html.row(["\(finding.previousYear) → \(finding.year)", finding.rule, finding.row, finding.column,
                      NumberText.format(finding.left), NumberText.format(finding.right)], class: finding.ok ? "ok" : "failed")
        }
        html.raw("</tbody></table>")
    }
}
