import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Whole reports through every stage up to reconstruct, compared with their published values.
@Suite struct ReconstructSampleTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    private func report(_ request: FetchRequest) async throws -> Report {
        let result = await processor.process(request)
        if case .failed(let error) = result.outcome { Issue.record("failed: \(error)") }
        return try #require(result.report)
    }

    @Test func guangzhouSampleGivesEveryPublishedValue() async throws {
        let report = try await report(FetchRequest(uri: Paths.guangzhouSample.path))
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.count == 198)
        #expect(expected.mismatches(in: report) == [])
        #expect(report.template == "2019")
        #expect(report.family == "gov-disclosure-annual-report")
        #expect(report.agency == "广州市人民政府办公厅")
        #expect(report.year == 2020)
        #expect(report.tables.map(\.key) == ["active.item1", "active.item5", "active.item6", "active.item8",
                                             "active.item9", "applications", "appeals"])
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.count == 40)
        #expect(checks.allSatisfy { $0.ok == true })
    }

    @Test func cellsKeepTheirRawTextUnitAndSourceLine() async throws {
        let report = try await report(FetchRequest(uri: Paths.guangzhouSample.path))
        let procurement = try #require(report.tables.first { $0.key == "active.item9" }?.rows.first)
        let amount = try #require(procurement.cells.first { $0.column == "amount" })
        #expect(amount.value == 1237.4)
        #expect(amount.raw == "1237.40万元")
        #expect(amount.unit == "万元")
        #expect(amount.line == 65)
        let applications = try #require(report.tables.first { $0.key == "applications" })
        let newTotal = try #require(applications.rows.first { $0.key == "new" }?.cells.last)
        #expect(newTotal.column == "total")
        #expect(newTotal.value == 473)
        #expect(newTotal.line == 84)
        #expect(newTotal.unit == "件")
    }

    @Test func rowsWithSpaceSeparatedValuesIn2021FormatAreRead() async throws {
        let report = try await report(FetchRequest(uri: Paths.fixture("pingtan-2021.rows.txt").path))
        let expected = try ExpectedValues(Paths.fixture("pingtan-2021.expected.json"))
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.tables.flatMap(\.rows).flatMap(\.cells).allSatisfy { $0.flag == nil })
        #expect(report.template == "2021")
        #expect(report.tables.filter { $0.key.hasPrefix("active") }.allSatisfy { $0.template == "2021" })
        let checks = report.tables.flatMap(\.checks)
        #expect(!checks.isEmpty)
        #expect(checks.allSatisfy { $0.ok == true })
    }

    @Test func publishedNumbersThatBreakAnIdentityAreReportedNotRepaired() async throws {
        var text = try Paths.text(Paths.guangzhouSample)
        // The first 457 is 一、本年新收 for 自然人 (line 78).
        text = text.replacingOccurrences(of: "\n457\n", with: "\n458\n")
        let report = try await report(FetchRequest(uri: "edited.txt", content: Data(text.utf8)))
        let applications = try #require(report.tables.first { $0.key == "applications" })
        #expect(applications.rows.first { $0.key == "new" }?.cells.first?.value == 458)
        let failed = applications.checks.filter { $0.ok == false }
        #expect(failed.map(\.rule).sorted() == ["applications.balance", "applications.row_total"])
        let balance = try #require(failed.first { $0.rule == "applications.balance" })
        #expect(balance.column == "natural")
        #expect(balance.left == 478)
        #expect(balance.right == 477)
        #expect(report.diagnostics.contains { $0.code == "reconstruct.checks-failed" })
    }

    @Test func aPlaceholderCellIsUnknownAndItsChecksAreNotEvaluated() async throws {
        var text = try Paths.text(Paths.guangzhouSample)
        text = text.replacingOccurrences(of: "\n457\n", with: "\n/\n")
        let report = try await report(FetchRequest(uri: "placeholder.txt", content: Data(text.utf8)))
        let applications = try #require(report.tables.first { $0.key == "applications" })
        let cell = try #require(applications.rows.first { $0.key == "new" }?.cells.first)
        #expect(cell.value == nil)
        #expect(cell.raw == "/")
        let balance = try #require(applications.checks.first { $0.rule == "applications.balance" && $0.column == "natural" })
        #expect(balance.ok == nil)
        #expect(balance.missing == ["new.natural"])
        #expect(applications.checks.filter { $0.ok == false }.isEmpty)
    }

    @Test func aTableLikeLineInTheProseDoesNotDisplaceTheRealTable() async throws {
        var text = try Paths.text(Paths.guangzhouSample)
        // A stray "label number" line in section 一 reads like a row of active.item1.
        text = text.replacingOccurrences(of: "一、總體情況\n", with: "一、總體情況\n規章 3\n")
        let report = try await report(FetchRequest(uri: "stray.txt", content: Data(text.utf8)))
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.mismatches(in: report) == [])
        let stray = try #require(report.tables.first { $0.key == "table-1" })
        #expect(stray.grid == [["规章", "3", "", ""]])
        #expect(report.diagnostics.contains { $0.code == "reconstruct.repeated-table" })
    }

    @Test func aNoteAmidAHeaderDoesNotTakeTheValuesOfTheUnlabelledRow() async throws {
        let sample = try Paths.text(Paths.guangzhouSample)
        // Table 四's one data row has no label; a note among its header cells is not that row's label.
        let text = sample.replacingOccurrences(of: "行政複議\n行政訴訟\n", with: "行政複議\n單位：件\n行政訴訟\n")
        try #require(text != sample)
        let report = try await report(FetchRequest(uri: "note.txt", content: Data(text.utf8)))
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.mismatches(in: report) == [])
        let appeals = try #require(report.tables.first { $0.key == "appeals" })
        #expect(appeals.rows.map(\.key) == ["count"])
    }

    /// A long row label wrapped over two lines, its first part already close enough to the row: the rest joins
    /// the label instead of becoming a row of its own that takes the values. One cell per line (the sample), and
    /// a row with its values on the label's second line (the 2021 report, rows with separated values).
    @Test(arguments: [
        ("guangzhou-2020.zh-Hans.txt", "guangzhou-2020-general-office.expected.json",
         "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\n", "(二)部分公开(区分处理的,只\n计这一情形,不计其他情形)\n"),
        ("pingtan-2021.rows.txt", "pingtan-2021.expected.json",
         "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 5", "（二）部分公开（区分处理的，\n只计这一情形，不计其他情形） 5"),
    ])
    func aRowLabelWrappedOverTwoLinesKeepsItsValues(fixture: String, values: String, from: String, to: String) async throws {
        let original = try Paths.text(Paths.fixture(fixture))
        let text = original.replacingOccurrences(of: from, with: to)
        try #require(text != original)
        let report = try await report(FetchRequest(uri: "wrapped.txt", content: Data(text.utf8)))
        let expected = try ExpectedValues(Paths.fixture(values))
        #expect(expected.mismatches(in: report, exact: true) == [])
        let row = report.tables.first { $0.key == "applications" }?.rows.first { $0.key == "outcome.partially_disclosed" }
        // Both lines are in the label (a template word inside the second, 其他, is read apart by the scanner).
        #expect(row?.label.hasPrefix("(二)部分公开(区分处理的,只计这一情形,不计") == true)
    }

    /// A report whose tables were images keeps its prose; the diagnostics say why it has no table.
    @Test func aReportWithoutItsTablesSaysSo() async throws {
        let lines = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt")).components(separatedBy: "\n")
        let prose = lines.enumerated().filter { $0.offset == 0 || $0.element.count > 30 || $0.element.dropFirst().first == "、" }
        let proseOnly = try await report(FetchRequest(uri: "prose.txt", content: Data(prose.map(\.element).joined(separator: "\n").utf8)))
        #expect(proseOnly.family == Report.genericFamily)
        #expect(proseOnly.tables.isEmpty)
        #expect(proseOnly.diagnostics.map(\.code).contains("reconstruct.no-template-tables"))

        let news = try await report(FetchRequest(uri: "news.txt", content: Data("某市召开政务公开工作会议\n会议强调，要进一步推进政务公开。\n".utf8)))
        #expect(!news.diagnostics.map(\.code).contains("reconstruct.no-template-tables"))
    }

    @Test(arguments: ["pingtan-2019", "pingtan-2021"])
    func runTogetherCellsOfRealReportsAreSplitAndChecked(name: String) async throws {
        // Every table cell run together with no separator: `640020470` is 64|0|0|2|0|4|70.
        let report = try await report(FetchRequest(uri: Paths.fixture("\(name).txt").path))
        let expected = try ExpectedValues(Paths.fixture("\(name).expected.json"))
        #expect(expected.mismatches(in: report) == [])
        #expect(report.template == expected.template)
        #expect(report.agency == expected.agency)
        #expect(report.year == expected.year)
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.allSatisfy { $0.ok == true })
        // The identities settle every cell of tables 三 and 四.
        let settled = report.tables.filter { $0.key == "applications" || $0.key == "appeals" }.flatMap(\.rows).flatMap(\.cells)
        #expect(settled.allSatisfy { $0.flag == nil })
        #expect(report.sections.map(\.number) == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test(arguments: ["GB18030", "BIG5-HKSCS", "UTF-16LE", "mojibake"])
    func everyEncodingOfTheSampleGivesTheSameTables(encoding: String) async throws {
        let text = try Paths.text(Paths.guangzhouSample)
        let bytes: Data
        switch encoding {
        case "mojibake":
            // UTF-8 read as GBK and saved again as UTF-8, wherever a line survives that.
            bytes = Data(text.components(separatedBy: "\n").map { line in
                (try? Encodings.decode(Data(line.utf8), from: "GB18030")) ?? line
            }.joined(separator: "\n").utf8)
        case "UTF-16LE":
            bytes = Data([0xFF, 0xFE]) + (try Encodings.encode(text, as: encoding))
        default:
            // With a stale label that names another encoding.
            bytes = try Encodings.encode("<!-- charset=utf-8 -->\n" + text, as: encoding)
        }
        let report = try await report(FetchRequest(uri: "sample.\(encoding).txt", content: bytes))
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok == true })
    }

    @Test func aSpentTimeBudgetStopsReconstructFromInside() async throws {
        // The run-together report makes the stage search (cuts, then the joint choice across rows): the checks
        // inside those loops must stop it, not only the check the runner makes after a stage.
        let stages = try StageSet(PipelineLoader.load(nil))
        var artifact = try JSONEncoder().encode(FetchRequest(uri: Paths.fixture("pingtan-2019.txt").path))
        for stage in [StageID.fetch, .decode, .extract, .normalize] { artifact = try await stages.run(stage, json: artifact) }
        let normalized = artifact
        let error = try await #require(throws: GazetteError.self) {
            try await TimeBudget.withBudget(TimeBudget(seconds: 0)) { try await stages.run(.reconstruct, json: normalized) }
        }
        #expect(error.code.rawValue == "reconstruct.too-slow")
        #expect(error.stage == .reconstruct)
        // With time enough, the same artifact gives its report.
        let report = try await TimeBudget.withBudget(TimeBudget(seconds: 60)) { try await stages.run(.reconstruct, json: normalized) }
        #expect(try JSONDecoder().decode(Report.self, from: report).tables.count == 7)
    }
}
