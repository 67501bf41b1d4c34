import GazetteCore
import GazetteReconstruct

/// What a reviewer looks at first in a report: the counts of the index's row, and the order of the rows.
struct ReportTriage: Sendable {
    var agency: String?
    var year: Int?
    var title: String?
    var template: String?
    var family: String
    var uri: String
    var tablesFound: Int
    var checksOK = 0
    var checksFailed = 0
    var checksNotEvaluated = 0
    var ambiguous = 0
    var positional = 0
    var stated = 0
    /// The tables of the report's national format that it does not have.
    var missingTables: [String]
    /// Diagnostics of severity `error` and `warning`.
    var errors = 0
    var warnings = 0
    /// The page of the report, relative to the site's root.
    var page: String

    init(_ report: Report, outlines: [TableOutline], page: String) {
        agency = report.agency
        year = report.year
        title = report.title
        template = report.template
        family = report.family
        uri = report.source.uri
        tablesFound = report.tables.count
        self.page = page
        let found = Set(report.tables.map(\.key))
        missingTables = report.template.map { format in
            outlines.filter { $0.format == format && !found.contains($0.key) }.map(\.key)
        } ?? []
        for table in report.tables {
            for check in table.checks {
                switch check.ok {
                case true?: checksOK += 1
                case false?: checksFailed += 1
                case nil: checksNotEvaluated += 1
                }
            }
            for row in table.rows {
                for cell in row.cells {
                    switch cell.flag {
                    case .ambiguous?: ambiguous += 1
                    case .positional?: positional += 1
                    case .stated?: stated += 1
                    case nil: break
                    }
                }
            }
        }
        for diagnostic in report.diagnostics {
            if diagnostic.severity == .error { errors += 1 }
            if diagnostic.severity == .warning { warnings += 1 }
        }
    }

    /// What asks for a look, most pressing first: failed checks, ambiguous cells, missing tables, error and
    /// warning diagnostics, positional cells.
    private var attention: [Int] { [checksFailed, ambiguous, missingTables.count, errors, warnings, positional] }

    /// Whether `self` needs a look before `other`: by ``attention``, then by agency and year.
    func comesBefore(_ other: ReportTriage) -> Bool {
        let mine = attention, theirs = other.attention
        if mine != theirs { return mine.lexicographicallyPrecedes(theirs, by: >) }
        if (agency ?? "") != (other.agency ?? "") { return (agency ?? "\u{10FFFF}") < (other.agency ?? "\u{10FFFF}") }
        if year != other.year { return (year ?? Int.max) < (other.year ?? Int.max) }
        return page < other.page
    }

    /// Nothing in the report asks for a look.
    var isClean: Bool { attention.allSatisfy { $0 == 0 } }
}
