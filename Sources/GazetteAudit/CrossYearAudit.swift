import Foundation
import GazetteCore
import GRDB

/// Checks that consecutive years of one agency's reports agree with each other (research/template.md §4):
///
/// - `carried_over`: the applications carried over into year Y equal those carried forward out of Y − 1,
///   per applicant column;
/// - `in_force`: documents in force at the end of Y equal those in force at the end of Y − 1, plus those issued
///   in Y, minus those repealed in Y (2021 format, rows `regulations` and `normative_docs`).
///
/// These are soft: clean-ups and recounts break them in real reports, so a mismatch is listed, not repaired.
public struct CrossYearAudit {
    public struct Finding: Codable, Sendable, Equatable {
        public var agency: String
        public var year: Int
        public var previousYear: Int
        public var rule: String
        public var row: String
        public var column: String
        public var ok: Bool
        public var left: Double
        public var right: Double

        enum CodingKeys: String, CodingKey {
            case agency, year, rule, row, column, ok, left, right
            case previousYear = "previous_year"
        }
    }

    public init() {}

    /// Reads the reports of an output folder (`reports.jsonl`) or of a `gazette.sqlite` file.
    public static func reports(at path: String) throws -> [Report] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        if isDirectory.boolValue {
            let text = try String(contentsOfFile: (path as NSString).appendingPathComponent("reports.jsonl"), encoding: .utf8)
            return try text.split(separator: "\n").map { try GazetteJSON.decode(Report.self, from: Data($0.utf8)) }
        }
        let database = try DatabaseQueue(path: path)
        let lines = try database.read { try String.fetchAll($0, sql: "SELECT report_json FROM reports ORDER BY agency, year") }
        return try lines.map { try GazetteJSON.decode(Report.self, from: Data($0.utf8)) }
    }

    /// Every check between consecutive years of each agency, in agency and year order.
    public func findings(_ reports: [Report]) -> [Finding] {
        var byAgencyYear: [String: [Int: Report]] = [:]
        for report in reports {
            guard let agency = report.agency, let year = report.year else { continue }
            // A second report of the same agency and year (a re-publication) does not replace the first.
            if byAgencyYear[agency]?[year] == nil { byAgencyYear[agency, default: [:]][year] = report }
        }
        var findings: [Finding] = []
        for agency in byAgencyYear.keys.sorted() {
            let years = byAgencyYear[agency]!
            for year in years.keys.sorted() {
                guard let current = years[year], let previous = years[year - 1] else { continue }
                findings += carriedOver(agency, year, current, previous)
                findings += inForce(agency, year, current, previous)
            }
        }
        return findings
    }

    private func carriedOver(_ agency: String, _ year: Int, _ current: Report, _ previous: Report) -> [Finding] {
        let columns = ["natural", "org.commercial", "org.research", "org.social_welfare", "org.legal_service", "org.other", "total"]
        return columns.compactMap { column in
            guard let left = value(current, "applications", "carried_over", column),
                  let right = value(previous, "applications", "carried_forward", column) else { return nil }
            return Finding(agency: agency, year: year, previousYear: year - 1, rule: "cross_year.carried_over",
                           row: "carried_over", column: column, ok: abs(left - right) < 1e-6, left: left, right: right)
        }
    }

    private func inForce(_ agency: String, _ year: Int, _ current: Report, _ previous: Report) -> [Finding] {
        ["regulations", "normative_docs"].compactMap { row in
            guard let now = value(current, "active.item1", row, "in_force"),
                  let before = value(previous, "active.item1", row, "in_force"),
                  let issued = value(current, "active.item1", row, "issued"),
                  let repealed = value(current, "active.item1", row, "repealed") else { return nil }
            let right = before + issued - repealed
            return Finding(agency: agency, year: year, previousYear: year - 1, rule: "cross_year.in_force",
                           row: row, column: "in_force", ok: abs(now - right) < 1e-6, left: now, right: right)
        }
    }

    private func value(_ report: Report, _ table: String, _ row: String, _ column: String) -> Double? {
        report.table(table)?.cell(row: row, column: column)?.value
    }
}
