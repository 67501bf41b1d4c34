import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Rows that print only their non-empty cells, run together (issue 18, form 1): `一、本年新收政府信息公开申请数量11`.
/// Every placement the identities allow is a candidate; one left is taken, several are flagged with every
/// value they give. Never natural person first by habit.
@Suite struct DroppedBlanksTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    private func report(_ text: String) async throws -> Report {
        try #require(await processor.process(FetchRequest(uri: "dropped.txt", content: Data(text.utf8))).report)
    }

    /// Checks `report` against the values written: a zero is printed as nothing, an empty cell, and a table or
    /// row of zeros prints nothing to read.
    private static func verify(_ report: Report, against values: OneCellPerLineCopy.Values, _ context: String) -> (read: Int, cells: Int) {
        WrittenValues.verify(report, against: values, context, written: { $0 == 0 ? nil : $0 }, allowMissing: { _, _, value in value == 0 })
    }

    /// The published values of both national formats in this form: no cell unflagged and wrong, the rows the
    /// identities settle read, and the rest flagged with the published value among their alternatives.
    @Test(arguments: [("guangzhou-2020.dropped-blanks.txt", "guangzhou-2020-general-office.expected.json", "2019"),
                      ("pingtan-2021.dropped-blanks.txt", "pingtan-2021.expected.json", "2021")])
    func publishedValuesAreReadOrFlaggedWithTheirAlternatives(fixture: String, values: String, template: String) async throws {
        let report = try await report(Paths.text(Paths.fixture(fixture)))
        let expected = try ExpectedValues(Paths.fixture(values))
        #expect(report.template == template)
        #expect(report.diagnostics.contains { $0.code == "reconstruct.blanks-dropped" })
        let (read, cells) = Self.verify(report, against: expected.tables, fixture)
        #expect(read * 2 >= cells, "\(read) of \(cells) read without a flag")
        // Nothing fails: blanks stay unknown, so the identities are not evaluated, never broken.
        #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok != false })
    }

    /// `11` in a 7-column row is never 1 for natural persons by habit: the six placements of the first 1 keep
    /// the row's sum, and when nothing else tells them apart, all six stay open.
    @Test func aShortRowIsNeverPlacedByHabit() async throws {
        let text = """
            三、收到和处理政府信息公开申请情况
            申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
            一、本年新收政府信息公开申请数量11
            """
        let report = try await report(text)
        let row = try #require(report.tables.first { $0.key == "applications" }?.rows.first { $0.key == "new" })
        #expect(row.cells.count == 7)
        #expect(row.cells.last?.value == 1 && row.cells.last?.flag == nil)
        for cell in row.cells.dropLast() {
            #expect(cell.flag == Report.Cell.Flag.ambiguous, "\(cell.column ?? "")")
            #expect(Set(cell.alternatives ?? []) == [1, nil], "\(cell.column ?? "")")
        }
    }

    /// Published numbers that break an identity leave no combination of readings that keeps them all: the
    /// rows keep their readings (flagged where they differ), never none. A real 2022 report (河北省科学技术厅)
    /// prints `（七）总计20000011`, a total that is not the sum of its row.
    @Test func numbersThatBreakTheIdentitiesLoseNoRow() async throws {
        let fixture = try Paths.text(Paths.fixture("guangzhou-2020.dropped-blanks.txt"))
        let text = fixture.replacingOccurrences(of: "(七)总计4591412476", with: "(七)总计4591412477")
        try #require(text != fixture)
        let report = try await report(text)
        let table = try #require(report.tables.first { $0.key == "applications" })
        for key in ["new", "carried_over", "outcome.disclosed", "outcome.total", "carried_forward"] {
            let row = try #require(table.rows.first { $0.key == key }, "\(key)")
            #expect(row.cells.count == 7, "\(key)")
            #expect(row.cells.contains { $0.value != nil }, "\(key)")
        }
        #expect(table.rows.first { $0.key == "new" }?.cells.last?.value == 473)
    }

    /// 500 reports of random identity-keeping values printed in this form, four cells in five empty: every
    /// unflagged cell holds the value written, every flagged cell lists it.
    @Test(arguments: 0..<10)
    func everyUnflaggedCellHoldsTheValueWritten(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor)
        var read = 0, cells = 0
        for seed in SharedReports.seeds(batch: batch, size: 50) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            // Copies drop their empty cells where most cells are empty and counts small (an agency's few
            // applications): a table of long runs in every row may take more search than a report is given,
            // and is then flagged whole, which this test would not tell from a success.
            let values = copy.randomValues(using: &random, zeros: 0.8, largest: 300)
            let text = copy.renderDroppingBlanks(values)
            try SharedReports.dump(text, as: "dropped-\(seed).txt")
            let result = Self.verify(try await report(text), against: values, "seed \(seed)")
            read += result.read
            cells += result.cells
        }
        // The identities settle much of what the form hides.
        #expect(read * 3 >= cells, "\(read) of \(cells) read without a flag")
    }
}
