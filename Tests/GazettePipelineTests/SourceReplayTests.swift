import Foundation
import GazetteCore
import GazetteFetch
import GazettePipeline
import GazetteTestSupport
import Testing

/// `DocumentProcessor.sourceText(of:)`: the text a report was read from, for `gazette review`, found by the
/// report's URI and digest, never a different text under the same name.
@Suite struct SourceReplayTests {
    let folder: TemporaryDirectory
    let stages: StageSet

    init() throws {
        folder = try TemporaryDirectory()
        stages = try StageSet(try PipelineLoader.load(nil))
    }

    private func report(of uri: String, work: WorkFolder?) async throws -> Report {
        let result = await DocumentProcessor(stages: stages, work: work, policy: RunPolicy()).process(FetchRequest(uri: uri))
        work?.flush()
        return try #require(result.report)
    }

    private func lines(_ text: DocumentProcessor.SourceText) -> [TextLine]? {
        if case .normalized(let document) = text { return document.content.lines }
        return nil
    }

    @Test func aReportsSourceComesFromTheWorkFolderEvenWhenTheFileIsGone() async throws {
        let copy = folder.path("report.txt")
        try FileManager.default.copyItem(at: Paths.guangzhouSample, to: copy)
        let work = try WorkFolder(root: folder.path("work"))
        let report = try await report(of: copy.path, work: work)
        try FileManager.default.removeItem(at: copy)

        let replayed = await DocumentProcessor(stages: stages, work: try WorkFolder(root: folder.path("work")), policy: RunPolicy())
            .sourceText(of: report)
        let replayedLines = try #require(lines(replayed))
        // The lines cells point at: the sample's first applications cell (457) is line 78.
        #expect(replayedLines.first { $0.line == 78 }?.text == "457")
        if case .normalized(let document) = replayed {
            #expect(document.original?.lines.contains { $0.contains("檔案") } == true)
        }
    }

    @Test func withoutTheWorkFolderAnUnchangedFileIsReadAgainAndAChangedOneIsNot() async throws {
        let copy = folder.path("report.txt")
        try FileManager.default.copyItem(at: Paths.guangzhouSample, to: copy)
        let report = try await report(of: copy.path, work: nil)
        let processor = DocumentProcessor(stages: stages, work: nil, policy: RunPolicy())
        #expect(lines(await processor.sourceText(of: report))?.first { $0.line == 84 }?.text == "473")

        try Data("另一份报告\n".utf8).write(to: copy)
        guard case .unavailable(let reason) = await processor.sourceText(of: report) else {
            Issue.record("a changed file was shown beside the report's cells")
            return
        }
        #expect(reason.contains("has changed"))
    }

    /// A crawler's export run without a work folder: each record's text is read again from the container, in
    /// one pass when asked in order, and by reopening it when asked out of order.
    @Test func aRecordOfAnExportIsReadAgainFromItsContainer() async throws {
        let export = Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Fixtures/crawler-export-hebei-kjt.csv")
        let processor = DocumentProcessor(stages: stages, work: nil, policy: RunPolicy())
        var reports: [Report] = []
        for request in RecordContainer.documents(of: FetchRequest(uri: export.path), named: [:], maxBytes: 1 << 26) {
            if let report = await processor.process(request).report { reports.append(report) }
        }
        #expect(reports.count == 9)
        for order in [reports, reports.reversed()] {
            let records = RecordCursor(stages: stages)
            for report in order {
                let text = await processor.sourceText(of: report, records: records)
                let shownLines = try #require(lines(text), "record \(report.source.record?.number ?? 0) not read again")
                // Every cell's line is among the lines shown, and holds the cell's text.
                for cell in report.tables.flatMap(\.rows).flatMap(\.cells) where !cell.raw.isEmpty {
                    let shown = shownLines.filter { $0.line == cell.line }.map(\.text).joined().replacingOccurrences(of: " ", with: "")
                    #expect(shown.contains(cell.raw.replacingOccurrences(of: " ", with: "")))
                }
            }
        }
        // Without the cursor, a record is not found.
        guard case .unavailable = await processor.sourceText(of: reports[0]) else {
            Issue.record("a record was found with no container cursor and no work folder")
            return
        }
    }

    @Test func aURLIsNeverFetchedAgain() async throws {
        var report = try await report(of: Paths.guangzhouSample.path, work: nil)
        report.source.uri = "http://127.0.0.1:9/report.txt"
        guard case .unavailable(let reason) = await DocumentProcessor(stages: stages, work: nil, policy: RunPolicy()).sourceText(of: report) else {
            Issue.record("a URL's source was found without a work folder")
            return
        }
        #expect(reason.contains("not in the work folder"))
    }
}
