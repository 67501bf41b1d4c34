import Foundation
import GazetteCore
import GazetteFetch
import GazettePipeline
import GazetteReconstruct
@testable import GazetteReview
import GazetteTestSupport
import Testing

/// The review site's pieces without a browser: escaping, the triage order, the template layout of a table
/// and the equation of a failed identity. (`GazetteEndToEndTests/ReviewSiteTests` opens the pages in Chromium.)
@Suite struct ReviewPagesTests {
    static let stages = Result { try StageSet(try PipelineLoader.load(nil)) }

    private func sample() async throws -> (Report, NormalizedDocument) {
        let stages = try Self.stages.get()
        let processor = DocumentProcessor(stages: stages, work: nil, policy: RunPolicy())
        let report = try #require(await processor.process(FetchRequest(uri: Paths.guangzhouSample.path)).report)
        guard case .normalized(let document) = await processor.sourceText(of: report) else {
            throw CancellationError()
        }
        return (report, document)
    }

    private func page(_ report: Report, _ document: NormalizedDocument) throws -> String {
        let outlines = OutlineIndex(try Self.stages.get().reconstruct.tableOutlines)
        return ReportPage(report: report, triage: ReportTriage(report, outlines: outlines.all, page: "reports/1.html"),
                          source: .text(document), outlines: outlines, agencyPage: nil).render()
    }

    @Test func textIsEscapedEverywhere() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        var html = HTML()
        html.element("td", "<script>", attributes: [("title", #""><img onerror=x>"#)])
        #expect(html.output == "<td title=\"&quot;&gt;&lt;img onerror=x&gt;\">&lt;script&gt;</td>")
    }

    @Test func numbersAndAxesReadAsAPersonExpects() {
        #expect(NumberText.format(3.0) == "3")
        #expect(NumberText.format(1237.4) == "1237.4")
        #expect(NumberText.format(nil) == "blank")
        #expect([0, 1, 2, 3, 17, 150, 473, 1000].map(SeriesChart.roundedUp) == [2, 2, 2, 5, 20, 200, 500, 1000])
    }

    @Test func reportsNeedingALookComeFirst() async throws {
        let (report, _) = try await sample()
        let outlines = try Self.stages.get().reconstruct.tableOutlines
        var failing = report, ambiguous = report, missing = report
        failing.tables[5].checks[0].ok = false
        ambiguous.tables[5].rows[0].cells[0].flag = .ambiguous
        missing.tables.removeLast()
        let entries = [report, missing, ambiguous, failing].enumerated().map { index, report in
            ReportTriage(report, outlines: outlines, page: "reports/\(index).html")
        }
        #expect(entries.sorted { $0.comesBefore($1) }.map(\.page) == ["reports/3.html", "reports/2.html", "reports/1.html", "reports/0.html"])
        #expect(entries[1].missingTables == ["appeals"])
        #expect(entries[0].isClean)
        #expect(entries[0].checksOK == 40)
    }

    @Test func aTableIsLaidOutOnTheTemplateWithItsMissingRowsShown() async throws {
        var (report, document) = try await sample()
        let applications = try #require(report.tables.firstIndex { $0.key == "applications" })
        report.tables[applications].rows.removeAll { $0.key == "carried_over" }
        let html = try page(report, document)
        #expect(html.contains("<tr class=\"missing\"><th class=\"label\"><span class=\"published\">not in the report</span><span class=\"canon\">上年结转政府信息公开申请数量 · carried_over</span>"))
        // The sample's 457 applications from natural persons, with its line, in the template's first data row.
        #expect(html.contains("data-line=\"78\" title=\"line 78 · as read: 457 · 件 · natural\"><span class=\"value\">457</span>"))
        // Every cell of the report is on the page, once.
        let cells = report.tables.flatMap(\.rows).flatMap(\.cells).count
        #expect(html.components(separatedBy: "<td id=\"c").count - 1 == cells)
    }

    @Test func aFailedIdentityShowsBothSidesTermByTerm() async throws {
        var (report, document) = try await sample()
        let applications = try #require(report.tables.firstIndex { $0.key == "applications" })
        let check = try #require(report.tables[applications].checks.firstIndex { $0.rule == "applications.balance" && $0.column == "natural" })
        report.tables[applications].checks[check].ok = false
        report.tables[applications].checks[check].right = 470
        let html = try page(report, document)
        #expect(html.contains("<h3 class=\"failed\">1 failed</h3>"))
        #expect(html.contains("本年新收政府信息公开申请数量 <b>457</b></a> + "))
        #expect(html.contains(" = <b class=\"total\">477</b></span><span class=\"neq\"> ≠ </span>"))
        #expect(html.contains(" = <b class=\"total\">470</b></span></div>"))
        // Each term links to its cell; the cells of the failed identity are marked.
        #expect(html.contains("href=\"#c5-0-0\" data-cell=\"c5-0-0\""))
        #expect(html.contains("id=\"c5-0-0\" class=\"cell in-failed\""))
    }
}
