import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteAudit

@Suite struct CrossYearAuditTests {
    /// The sample's report (from the end-to-end golden), as year `year` with some cells changed.
    static func report(year: Int, changes: [(table: String, row: String, column: String, value: Double)] = []) throws -> Report {
        let golden = Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Golden/guangzhou/report.json")
        var report = try GazetteJSON.decode(Report.self, from: Data(contentsOf: golden))
        report.year = year
        for change in changes {
            if !report.tables.contains(where: { $0.key == change.table }) {
                report.tables.append(Report.Table(key: change.table, title: nil, template: "2021", header: [], rows: [], grid: [], checks: []))
            }
            let table = report.tables.firstIndex { $0.key == change.table }!
            if !report.tables[table].rows.contains(where: { $0.key == change.row }) {
                report.tables[table].rows.append(Report.Row(key: change.row, label: change.row, line: 1, cells: []))
            }
            let row = report.tables[table].rows.firstIndex { $0.key == change.row }!
            report.tables[table].rows[row].cells.removeAll { $0.column == change.column }
            report.tables[table].rows[row].cells.append(Report.Cell(column: change.column, value: change.value,
                                                                     raw: String(change.value), unit: nil, line: 1))
        }
        return report
    }

    /// 2021 carries over exactly what 2020 carried forward (18 by 自然人, 18 in all).
    static func consistent2021(natural: Double = 18) throws -> Report {
        try report(year: 2021, changes: [("applications", "carried_over", "natural", natural), ("applications", "carried_over", "org.commercial", 0),
                                         ("applications", "carried_over", "total", 18),
                                         ("active.item1", "normative_docs", "issued", 10), ("active.item1", "normative_docs", "repealed", 3),
                                         ("active.item1", "normative_docs", "in_force", 907)])
    }

    @Test func aConsistentSeriesReconciles() throws {
        let findings = CrossYearAudit().findings([try Self.report(year: 2020, changes: [("active.item1", "normative_docs", "in_force", 900)]),
                                                  try Self.consistent2021()])
        #expect(findings.count == 8)   // 7 applicant columns, 1 in-force row with both years
        #expect(findings.allSatisfy { $0.ok })
    }

    @Test func aPlantedMismatchIsListedWithItsYearsAndValues() throws {
        let findings = CrossYearAudit().findings([try Self.report(year: 2020, changes: [("active.item1", "normative_docs", "in_force", 890)]),
                                                  try Self.consistent2021(natural: 17)])
        let failed = findings.filter { !$0.ok }
        #expect(failed.map(\.rule) == ["cross_year.carried_over", "cross_year.in_force"])
        let carried = try #require(failed.first)
        #expect(carried.agency == "广州市人民政府办公厅")
        #expect(carried.year == 2021)
        #expect(carried.previousYear == 2020)
        #expect(carried.column == "natural")
        #expect(carried.left == 17)
        #expect(carried.right == 18)
        #expect(failed.last?.left == 907)
        #expect(failed.last?.right == 897)
    }

    @Test func yearsWithAGapAreNotCompared() throws {
        let reports = [try Self.report(year: 2019), try Self.report(year: 2021)]
        #expect(CrossYearAudit().findings(reports).isEmpty)
    }
}
