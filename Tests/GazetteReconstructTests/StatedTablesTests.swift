import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Tables a report writes as a sentence (issue 18, form 3): no cell is invented, a diagnostic names the
/// sentence and its line, and only a sentence that says there was nothing at all gives cells, 0 and `stated`.
@Suite struct StatedTablesTests {
    let processor: DocumentProcessor
    let lines: [String]

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
        lines = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt")).components(separatedBy: "\n")
    }

    /// The sample with the body of section `heading` (up to the next numbered section) replaced by `sentence`.
    private func replacing(section heading: String, with sentence: String) throws -> (text: String, line: Int) {
        let start = try #require(lines.firstIndex { $0.hasPrefix(heading) })
        let end = try #require(lines[(start + 1)...].firstIndex { line in
            ["三、", "四、", "五、"].contains { line.hasPrefix($0) } && !line.contains("本年度办理结果") && !line.contains("结转")
        })
        let text = (lines[...start] + [sentence] + lines[end...]).joined(separator: "\n")
        return (text, start + 2)
    }

    private func report(_ text: String) async throws -> Report {
        try #require(await processor.process(FetchRequest(uri: "stated.txt", content: Data(text.utf8))).report)
    }

    @Test(arguments: [("本年度未发生涉及政府信息公开的行政复议、行政诉讼案件。", "未发生"),
                      ("2020年度政府信息公开行政复议、行政诉讼数量均为零。", "均为零")])
    func aSentenceThatSaysThereWasNoCaseGivesZerosFlaggedStated(sentence: String, phrase: String) async throws {
        let (text, line) = try replacing(section: "四、政府信息公开行政复议", with: sentence)
        let report = try await report(text)
        let appeals = try #require(report.tables.first { $0.key == "appeals" })
        let cells = appeals.rows.flatMap(\.cells)
        #expect(cells.count == 15)
        #expect(cells.allSatisfy { $0.value == 0 && $0.flag == Report.Cell.Flag.stated && $0.line == line && $0.raw == phrase })
        #expect(appeals.checks.count == 3 && appeals.checks.allSatisfy { $0.ok == true })
        let diagnostic = try #require(report.diagnostics.first { $0.code == "reconstruct.table-stated-in-text" })
        #expect(diagnostic.line == line && diagnostic.message.contains(sentence))
        #expect(!report.diagnostics.contains { $0.code == "reconstruct.table-missing" })
        // The other tables are as published.
        let expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
        #expect(expected.mismatches(in: report).filter { !$0.hasPrefix("appeals") } == [])
    }

    @Test func aSentenceWithANumberIsNamedButGivesNoCell() async throws {
        let sentence = "本年度共收到政府信息公开申请3件，均已按期答复。"
        let (text, line) = try replacing(section: "三、收到和处理政府信息公开申请情况", with: sentence)
        let report = try await report(text)
        #expect(!report.tables.contains { $0.key == "applications" })
        let diagnostic = try #require(report.diagnostics.first { $0.code == "reconstruct.table-stated-in-text" })
        // The sentence as normalized: its full-width comma folded.
        #expect(diagnostic.line == line && diagnostic.message.contains("本年度共收到政府信息公开申请3件,均已按期答复。"))
        #expect(report.diagnostics.contains { $0.code == "reconstruct.table-missing" && $0.message.contains("applications") })
        #expect(report.tables.first { $0.key == "appeals" }?.rows.first?.cells.allSatisfy { $0.flag == nil } == true)
    }
}
