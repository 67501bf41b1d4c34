import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Signed changes run together with their neighbours (issue 18, form 2): `行政许可97+82179` is 97, +82, 179,
/// or 97, +821, 79, or 97, +8217, 9 — a sign starts a piece, a signed piece stands only in 本年增/减, and
/// with no identity over these tables the readings left are flagged with every value they give.
@Suite struct SignedChangesTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    @Test func signsCutRunsAndWhatStaysOpenIsFlagged() async throws {
        var text = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt"))
        let rows = [("行政许可", "97+82179", [97.0, 82, 179]), ("其他对外管理服务事项", "156-5997", [156, -59, 97]),
                    ("行政处罚", "0+1111", [0, 11, 11]), ("行政强制", "12－310", [12, -3, 10])]
        for (label, run, _) in rows {
            let original = "\(label)\n0\n0\n0"
            try #require(text.contains(original))
            text = text.replacingOccurrences(of: original, with: label + run)
        }
        let report = try #require(await processor.process(FetchRequest(uri: "signed.txt", content: Data(text.utf8))).report)
        let readRows = report.tables.filter { $0.key == "active.item5" || $0.key == "active.item6" }.flatMap(\.rows)
        for (label, run, values) in rows {
            let row = try #require(readRows.first { $0.label == label }, "\(label)")
            #expect(row.cells.count == 3)
            for (cell, value) in zip(row.cells, values) {
                if cell.flag == Report.Cell.Flag.ambiguous {
                    #expect(cell.alternatives?.contains(value) == true, "\(run) \(cell.column ?? "")")
                } else {
                    #expect(cell.value == value, "\(run) \(cell.column ?? "")")
                }
            }
            // The count before the sign is settled; a sign never stands in a count column.
            #expect(row.cells[0].flag == nil && row.cells[0].value == values[0], "\(run)")
            #expect(row.cells[1].alternatives?.allSatisfy { ($0 ?? 0) * values[1] > 0 || $0 == nil } != false, "\(run)")
        }
        // The rest of the report is as published.
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.mismatches(in: report).filter { !$0.hasPrefix("active.item5") && !$0.hasPrefix("active.item6") } == [])
    }
}
