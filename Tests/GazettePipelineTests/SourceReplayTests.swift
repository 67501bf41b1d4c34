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
