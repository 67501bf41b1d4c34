import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// PDF text with the markdown tables converters make of it (issue 18, form 4): header cells split over lines,
/// row labels wrapped and listed apart from their values, page-number lines inside tables, notes after counts
/// (`22（其中修订16件）`), placeholder headers (`数据1 … 数据6`) narrower than the values, tables cut at page
/// breaks under a repeated heading (`## 表二`).
@Suite struct PDFMarkdownTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    private func report(_ text: String) async throws -> Report {
        try #require(await processor.process(FetchRequest(uri: "pdf.md", content: Data(text.utf8))).report)
    }

    /// The Guangzhou and Pingtan 2019 fixtures are the renderer's copies of the published values under one seed,
    /// kept as files to read; `GAZETTE_RECORD_GOLDENS=1` writes them again. The Pingtan 2021 one was written by hand.
    @Test(arguments: [("guangzhou-2020.pdf-markdown.txt", "guangzhou-2020-general-office.expected.json", "2019"),
                      ("pingtan-2021.pdf-markdown.txt", "pingtan-2021.expected.json", "2021"),
                      ("pingtan-2019.pdf-markdown.txt", "pingtan-2019.expected.json", "2019")])
    func everyPublishedValueIsRead(fixture: String, values: String, template: String) async throws {
        let rendered = ["guangzhou-2020.pdf-markdown.txt": (copy: 0, seed: 7), "pingtan-2019.pdf-markdown.txt": (copy: 2, seed: 11)]
        if ProcessInfo.processInfo.environment["GAZETTE_RECORD_GOLDENS"] == "1", let made = rendered[fixture] {
            let copy = try await SharedReports.copies(processor)[made.copy]
            var random = SeededRandom(seed: UInt64(made.seed))
            try Data(copy.renderAsPDFMarkdown(copy.values, using: &random).utf8).write(to: Paths.fixture(fixture))
        }
        let text = try Paths.text(Paths.fixture(fixture))
        let report = try await report(text)
        let expected = try ExpectedValues(Paths.fixture(values))
        #expect(report.template == template)
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.tables.flatMap(\.rows).flatMap(\.cells).allSatisfy { $0.flag == nil && $0.value != nil })
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.count >= 40)
        #expect(checks.allSatisfy { $0.ok == true })
        // The page numbers were skipped, and said so.
        #expect(report.diagnostics.contains { $0.code == "reconstruct.page-numbers" })
    }

    /// The hand-written copy's features, each read: the note after a count, a row's label listed with others
    /// and its values below, a group label wrapped over four lines.
    @Test func notesDetachedValuesAndWrappedLabels() async throws {
        let report = try await report(Paths.text(Paths.fixture("pingtan-2021.pdf-markdown.txt")))
        let active = try #require(report.tables.first { $0.key == "active.item1" })
        let documents = try #require(active.rows.first { $0.key == "normative_docs" })
        #expect(documents.cells.map(\.value) == [69, 3, 665])
        #expect(documents.cells.first?.raw == "69(其中修订16件)")
        let applications = try #require(report.tables.first { $0.key == "applications" })
        let carriedForward = try #require(applications.rows.first { $0.key == "carried_forward" })
        #expect(carriedForward.label == "四、结转下年度继续办理")
        #expect(carriedForward.cells.map(\.value) == [1, 0, 0, 0, 0, 0, 1])
        // The label's line, the values' own line: each number traceable to where it stands.
        #expect(carriedForward.line != carriedForward.cells.first?.line)
        #expect(applications.grid.contains { $0.first == "三、本年度办理结果" })
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
    }

    /// 500 reports of random identity-keeping values in this form, each drawing its own layout: every
    /// unflagged cell holds the value written (a positional one is flagged as a guess), and nearly every cell
    /// is read.
    @Test(arguments: 0..<10)
    func everyUnflaggedCellHoldsTheValueWritten(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor)
        var read = 0, cells = 0
        for seed in SharedReports.seeds(batch: batch, size: 50) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            let values = copy.randomValues(using: &random)
            let text = copy.renderAsPDFMarkdown(values, using: &random)
            try SharedReports.dump(text, as: "pdf-markdown-\(seed).txt")
            let result = WrittenValues.verify(try await report(text), against: values, "seed \(seed)")
            read += result.read
            cells += result.cells
        }
        #expect(read * 100 >= cells * 98, "\(read) of \(cells) read without a flag")
    }
}
