import ArgumentParser
import Foundation
import GazetteAudit
import GazetteCore

/// `gazette audit`: cross-year checks over an output folder or SQLite file.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check consecutive years of each agency against each other.",
        discussion: """
            carried_over(Y) = carried_forward(Y−1) per applicant column, and in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y).
            Prints one JSON object a line for each agency and year pair that does not reconcile (--all: every check).
            Exit status: 0 all reconcile; 1 some do not.
            Example: gazette audit out/
            """)

    @Argument(help: "An output folder (with reports.jsonl) or a gazette.sqlite file.")
    var path: String

    @Flag(help: "List the checks that hold too.")
    var all = false

    func run() throws {
        let reports: [Report]
        do {
            reports = try CrossYearAudit.reports(at: path)
        } catch {
            throw ValidationError("cannot read reports from \(path): \(error.localizedDescription)")
        }
        let findings = CrossYearAudit().findings(reports)
        for finding in findings where all || !finding.ok {
            FileHandle.standardOutput.write(try GazetteJSON.encode(finding) + Data("\n".utf8))
        }
        let failed = findings.filter { !$0.ok }.count
        StandardError.write("gazette audit: \(reports.count) reports, \(findings.count) cross-year checks, \(failed) do not reconcile.\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
