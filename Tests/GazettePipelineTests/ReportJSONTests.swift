import Foundation
import GazetteCore
import GazetteTestSupport
import Testing

/// The report's hand-written JSON writer gives the bytes of the `Codable` path (Foundation's JSONEncoder with
/// sorted keys), on every fixture's report and on a report with every optional member both set and unset.
@Suite struct ReportJSONTests {
    let fixtures: FixtureArtifacts

    init() throws {
        fixtures = try FixtureArtifacts()
    }

    private func expectSameBytes(_ report: Report, _ context: String) throws {
        let written = try ReportJSON.encode(report)
        let foundation = try GazetteJSON.encoder().encode(report)
        #expect(written == foundation, "\(context): \(String(decoding: written.prefix(300), as: UTF8.self))")
        // The parts the SQLite output keeps apart.
        for table in report.tables {
            #expect(ReportJSON.header(table.header) == String(decoding: try GazetteJSON.encode(table.header), as: UTF8.self), "\(context)")
            #expect(ReportJSON.grid(table.grid) == String(decoding: try GazetteJSON.encode(table.grid), as: UTF8.self), "\(context)")
            for cell in table.rows.flatMap(\.cells) {
                guard let alternatives = cell.alternatives else { continue }
                #expect(try ReportJSON.alternatives(alternatives) == String(decoding: try GazetteJSON.encode(alternatives), as: UTF8.self))
            }
        }
    }

    @Test func everyFixturesReportIsWrittenAsFoundationWritesIt() async throws {
        var cells = 0
        for request in FixtureArtifacts.requests() {
            let (_, _, _, _, report) = try await fixtures.artifacts(of: request)
            try expectSameBytes(report, request.uri)
            cells += report.tables.flatMap(\.rows).flatMap(\.cells).count
        }
        #expect(cells >= 2000)
    }

    /// Every optional member set, then every one unset; awkward strings and numbers.
    @Test func everyOptionalMemberAndAwkwardValue() async throws {
        var report = try await fixtures.artifacts(of: FetchRequest(uri: Paths.guangzhouSample.path)).4
        report.published = "2021-01-15"
        report.source.contentType = "text/plain; charset=\"utf-8\""
        report.source.fetchedAt = "2026-11-30T00:00:00Z"
        report.encoding.declared = "gb2312"
        report.encoding.evidence = [.init(from: "meta", label: nil, encoding: nil, taken: false, reason: "a\tb\"c\\d\u{1}"),
                                    .init(from: "bom", label: "x", encoding: "UTF-8", taken: true, reason: "/ü/")]
        report.script = ScriptInfo(detected: .mixed, convertedTo: nil, converter: "t2s")
        report.sections[0].line = nil
        report.sections[0].original = "原文\n第二行"
        report.title = nil
        report.agency = nil
        report.year = nil
        report.template = nil
        var table = try #require(report.tables.first)
        table.title = nil
        table.template = nil
        table.header = [.init(label: "a", column: nil, children: [.init(label: "b", column: "c")])]
        table.rows[0].key = nil
        table.rows[0].line = nil
        table.rows[0].cells = [
            .init(column: nil, value: nil, raw: "", unit: nil, line: 3),
            .init(column: "x", value: 0.5, raw: "0.5", unit: "万元", line: 4, flag: .ambiguous, alternatives: [0.5, nil, 12.25]),
            .init(column: "y", value: -0.0, raw: "-0", unit: nil, line: 5, flag: .positional),
            .init(column: "z", value: 1e20, raw: "1e20", unit: nil, line: 6, flag: .stated, alternatives: []),
            .init(column: "w", value: -7, raw: "-7", unit: nil, line: 7),
        ]
        table.checks = [.init(rule: "r", column: nil, row: nil, ok: nil, left: nil, right: nil, missing: ["a.b", "c"]),
                        .init(rule: "s", column: "c", row: "r", ok: false, left: 1.5, right: 2, missing: nil)]
        report.tables = [table]
        report.diagnostics = [Diagnostic(stage: .reconstruct, severity: .warning, code: "c", message: "m\r\n", line: nil),
                              Diagnostic(stage: .decode, severity: .info, code: "d", message: "", line: 0)]
        try expectSameBytes(report, "every optional set")
        report.published = nil
        report.source.contentType = nil
        report.source.fetchedAt = nil
        report.encoding.declared = nil
        report.encoding.evidence = []
        report.sections = []
        report.diagnostics = []
        try expectSameBytes(report, "every optional unset")
    }
}
