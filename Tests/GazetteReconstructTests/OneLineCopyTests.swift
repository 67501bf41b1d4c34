import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// A report stored on one line of crawler text (issue 18, form 5): paragraphs and table parts separated only by
/// ideographic spaces, every table's cells run together. The identities settle tables 三 and 四; the active
/// tables have none, so their run-together digits are flagged with every reading.
@Suite struct OneLineCopyTests {
    @Test func everyPublishedValueIsReadOrFlaggedWithIt() async throws {
        let processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
        let text = try Paths.text(Paths.fixture("guangzhou-2020.one-line.txt"))
        #expect(text.components(separatedBy: "\n").count == 2)
        let report = try #require(await processor.process(FetchRequest(uri: "one-line.txt", content: Data(text.utf8))).report)
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        var flagged = 0
        for (tableKey, rows) in expected.tables {
            for (rowKey, columns) in rows {
                let row = report.tables.first { $0.key == tableKey }?.rows.first { $0.key == rowKey }
                for (column, value) in columns {
                    let cell = try #require(row?.cells.first { $0.column == column }, "\(tableKey).\(rowKey).\(column)")
                    if cell.flag == Report.Cell.Flag.ambiguous {
                        flagged += 1
                        #expect(cell.alternatives?.contains(value) == true, "\(tableKey).\(rowKey).\(column)")
                    } else {
                        #expect(cell.value == value, "\(tableKey).\(rowKey).\(column)")
                    }
                }
            }
        }
        #expect(flagged <= 10)
        let settled = report.tables.filter { $0.key == "applications" || $0.key == "appeals" }.flatMap(\.rows).flatMap(\.cells)
        #expect(settled.allSatisfy { $0.flag == nil })
        #expect(report.tables.flatMap(\.checks).count == 40)
        #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok == true })
    }
}
