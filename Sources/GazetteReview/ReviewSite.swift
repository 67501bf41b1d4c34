import Foundation
import GazetteAudit
import GazetteCore
import GazetteReconstruct

/// `gazette review`: a static site over a run's outputs, written a report at a time.
///
/// `index.html` lists every report in the order a reviewer should look at them; `reports/<n>-<id>.html` shows
/// one report's tables on the template beside its source lines; `agencies/<n>.html` charts an agency across
/// the years the run holds. Plain HTML and CSS, one small script (`review.js`), no server: the folder opens from
/// the file system and works offline. A report page is written as soon as its report is read, so memory holds
/// only the index's rows and the figures of the agencies with several years.
public final class ReviewSite {
    public let folder: URL
    private let outlines: OutlineIndex
    /// Agencies the run holds several years of, each with its page.
    private let agencyPages: [String: String]
    private var triage: [ReportTriage] = []
    private var agencyYears: [String: [AgencyYear]] = [:]
    /// The tables the cross-year audit reads, of the agencies with several years.
    private var auditReports: [Report] = []
    private var written = 0

    /// `agencies` are the agencies with reports of several years in the run (a first pass over the reports
    /// tells them), so every report page can link to its agency's page.
    public init(folder: URL, outlines: [TableOutline], agencies: Set<String>) throws {
        self.folder = folder
        self.outlines = OutlineIndex(outlines)
        var pages: [String: String] = [:]
        for (number, agency) in agencies.sorted().enumerated() { pages[agency] = "agencies/\(number + 1).html" }
        agencyPages = pages
        for sub in ["reports", "agencies"] {
            // A site written before over another run would leave pages of reports this run does not have.
            let pagesFolder = folder.appendingPathComponent(sub)
            if FileManager.default.fileExists(atPath: pagesFolder.path) { try FileManager.default.removeItem(at: pagesFolder) }
            try FileManager.default.createDirectory(at: pagesFolder, withIntermediateDirectories: true)
        }
    }

    /// Writes the page of `report` beside its source text.
    public func add(_ report: Report, source: ReportSource) throws {
        written += 1
        let page = "reports/\(written)-\(report.id.rawValue.prefix(12)).html"
        let entry = ReportTriage(report, outlines: outlines.all, page: page)
        triage.append(entry)
        let agencyPage = report.agency.flatMap { agencyPages[$0] }
        let html = ReportPage(report: report, triage: entry,
                              source: source,
                              outlines: outlines, agencyPage: agencyPage.map { "../" + $0 }).render()
        try Data(html.utf8).write(to: folder.appendingPathComponent(page))
        if let agency = report.agency, agencyPage != nil, let year = report.year {
            agencyYears[agency, default: []].append(AgencyYear(report, year: year, page: page, checksFailed: entry.checksFailed))
            auditReports.append(Self.auditTables(of: report))
        }
    }

    /// Writes the index, the agencies' pages, the style sheet and the script. Returns the index's path.
    @discardableResult
    public func finish(summary: RunSummary?, errors: [ErrorRecord]) throws -> URL {
        let findings = CrossYearAudit().findings(auditReports)
        var agencies: [(name: String, years: Int, page: String)] = []
        for agency in agencyPages.keys.sorted() {
            let page = agencyPages[agency]!
            // A re-publication of a year is not a second point: the first report of a year stands, as in the audit.
            var seen = Set<Int>()
            let years = (agencyYears[agency] ?? []).sorted { $0.year < $1.year }.filter { seen.insert($0.year).inserted }
            let html = AgencyPage(agency: agency, years: years, findings: findings.filter { $0.agency == agency }).render()
            try Data(html.utf8).write(to: folder.appendingPathComponent(page))
            agencies.append((agency, years.count, page))
        }
        let index = IndexPage(summary: summary, errors: errors, reports: triage.sorted { $0.comesBefore($1) },
                              agencies: agencies).render()
        try Data(ReviewAssets.styleSheet.utf8).write(to: folder.appendingPathComponent("review.css"))
        try Data(ReviewAssets.script.utf8).write(to: folder.appendingPathComponent("review.js"))
        let indexURL = folder.appendingPathComponent("index.html")
        try Data(index.utf8).write(to: indexURL)
        return indexURL
    }

    /// How many report pages were written.
    public var reportCount: Int { written }

    /// The report with only what the cross-year audit reads: its agency, year and two tables' cells.
    private static func auditTables(of report: Report) -> Report {
        var slim = report
        slim.sections = []
        slim.diagnostics = []
        slim.tables = report.tables.filter { $0.key == "applications" || $0.key == "active.item1" }
            .map { table in
                var table = table
                table.grid = []
                table.checks = []
                table.header = []
                return table
            }
        return slim
    }
}

/// The text a report was read from, as its page shows it.
public enum ReportSource: Sendable {
    /// The normalized document (lines with their source line numbers, the original script beside them).
    case text(NormalizedDocument)
    /// Why the text cannot be shown (the work folder lacks it, the file has changed…).
    case unavailable(String)
}

/// The style sheet and script, written beside the pages (kept as files in `Assets/`, built into the binary).
enum ReviewAssets {
    static let styleSheet = String(decoding: PackageResources.review_css, as: UTF8.self)
    static let script = String(decoding: PackageResources.review_js, as: UTF8.self)
}
