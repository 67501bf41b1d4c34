import Foundation
import GazetteTestSupport
import Testing

/// `gazette review` (issue 17): the site built over a run of the test fixtures, opened in headless Chromium
/// (`Support/browser_check.py`, the DevTools protocol over a pipe), as a reviewer would use it: the index lists
/// every report, a page highlights exactly the flagged cells, clicking a cell marks its source line, and a
/// report's markup is shown as text with no script run.
@Suite(.serialized) struct ReviewSiteTests {
    /// One run and one site for every test of the suite (a run of 30-odd documents and a review).
    static let site = Result { try ReviewedRun() }

    /// The run's inputs: the reconstruct fixtures' reports, the sample, a crawler's export (several years of one
    /// agency, two failed records, one year failing its identities), and two hostile reports.
    /// Read-only once made (its JSON objects are not `Sendable` by type).
    final class ReviewedRun: @unchecked Sendable {
        let folder: TemporaryDirectory
        let reports: [[String: Any]]
        let errors: Int
        var review: URL { folder.path("out/review") }

        init() throws {
            try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
            folder = try TemporaryDirectory()
            let inputs = folder.path("inputs")
            try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
            let fixtures = Paths.packageRoot.appendingPathComponent("Tests/GazetteReconstructTests/Fixtures")
            for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) where name.hasSuffix(".txt") {
                try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: inputs.appendingPathComponent(name))
            }
            try Data(ReviewSiteTests.hostileText.utf8).write(to: inputs.appendingPathComponent("hostile.txt"))
            try Data(ReviewSiteTests.hostileHTML.utf8).write(to: inputs.appendingPathComponent("hostile.html"))
            let export = Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Fixtures/crawler-export-hebei-kjt.csv")
            let run = try GazetteProcess.run(["run", inputs.path, Paths.guangzhouSample.path, export.path,
                                              "--out", folder.path("out").path, "--work", folder.path("work").path])
            #expect(run.status == 1, "the export's two empty records fail: \(run.stderr)")
            let review = try GazetteProcess.run(["review", folder.path("out").path, "--work", folder.path("work").path])
            try #require(review.status == 0, "gazette review failed: \(review.stderr)")
            reports = try Paths.text(folder.path("out/reports.jsonl")).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            errors = try Paths.text(folder.path("out/errors.jsonl")).split(separator: "\n").count
        }

        /// The page of the report on line `number` (from 1) of reports.jsonl.
        func page(ofReport number: Int) throws -> URL {
            let pages = try FileManager.default.contentsOfDirectory(atPath: review.appendingPathComponent("reports").path)
            let name = try #require(pages.first { $0.hasPrefix("\(number)-") })
            return review.appendingPathComponent("reports/\(name)")
        }

        /// The number (from 1) of the first report whose source URI ends with `suffix`.
        func report(endingWith suffix: String) throws -> Int {
            try #require(reports.firstIndex { ($0["source"] as? [String: Any])?["uri"] as? String ?? "" == suffix
                || (($0["source"] as? [String: Any])?["uri"] as? String ?? "").hasSuffix(suffix) }) + 1
        }
    }

    /// What the browser said: each expression's value, the page's uncaught errors, the dialogs it opened.
    struct BrowserRun {
        var results: [Any]
        var exceptions: [String]
        var dialogs: [String]
    }

    static func browse(_ page: URL, _ expressions: [String]) throws -> BrowserRun {
        let check = try GazetteProcess.command(URL(fileURLWithPath: "python3"), [
            Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/browser_check.py").path,
            page.absoluteString] + expressions)
        try #require(check.status == 0, "browser_check.py failed (make test installs chromium): \(check.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        return BrowserRun(results: object["results"] as? [Any] ?? [], exceptions: object["exceptions"] as? [String] ?? [],
                          dialogs: object["dialogs"] as? [String] ?? [])
    }

    static func cells(of report: [String: Any]) -> [[String: Any]] {
        (report["tables"] as? [[String: Any]] ?? []).flatMap { ($0["rows"] as? [[String: Any]] ?? []).flatMap { $0["cells"] as? [[String: Any]] ?? [] } }
    }

    @Test func theIndexListsEveryReportAndEveryFailedInput() throws {
        let run = try Self.site.get()
        let browser = try Self.browse(run.review.appendingPathComponent("index.html"), [
            "Array.from(document.querySelectorAll('table.reports tbody tr')).map(r => r.querySelector('td.title a').getAttribute('href'))",
            "document.querySelectorAll('#errors tbody tr').length",
            "document.querySelectorAll('#agencies a').length",
            // The filter box, typed into as a person would: only the crawler export's reports stay.
            "var f = document.getElementById('filter'); f.value = '河北省科学技术厅'; f.dispatchEvent(new Event('input')); document.querySelectorAll('table.reports tbody tr:not(.hidden)').length",
            // The first row is the one that needs a look first: the only report with failed checks.
            "document.querySelector('table.reports tbody tr td:nth-child(6)').textContent",
        ])
        #expect(browser.exceptions.isEmpty)
        let links = try #require(browser.results[0] as? [String])
        #expect(links.count == run.reports.count)
        #expect(Set(links).count == run.reports.count)
        for number in 1...run.reports.count {
            #expect(links.contains(try run.page(ofReport: number).path.replacingOccurrences(of: run.review.path + "/", with: "")))
        }
        #expect(browser.results[1] as? Int == run.errors)
        #expect(run.errors == 2)
        #expect(browser.results[2] as? Int == 2)   // Pingtan (2019, 2021) and the Hebei department (2017–2023)
        let hebei = run.reports.filter { $0["agency"] as? String == "河北省科学技术厅" }.count
        #expect(browser.results[3] as? Int == hebei)
        #expect(hebei == 7)
        #expect(browser.results[4] as? String == "3")
    }

    @Test func everyReportPageHighlightsExactlyItsFlaggedCells() throws {
        let run = try Self.site.get()
        var expressions: [String] = []
        for number in 1...run.reports.count {
            expressions += ["@open " + (try run.page(ofReport: number)).absoluteString, """
                [document.querySelectorAll('td.cell').length,
                 Array.from(document.querySelectorAll('td.cell')).filter(c => getComputedStyle(c).backgroundColor !== 'rgba(0, 0, 0, 0)').length]
                """]
        }
        let browser = try Self.browse(run.review.appendingPathComponent("index.html"), expressions)
        #expect(browser.exceptions.isEmpty)
        var flaggedSeen = 0
        for (index, report) in run.reports.enumerated() {
            let cells = Self.cells(of: report)
            let flagged = cells.filter { $0["flag"] != nil }.count
            let counts = try #require(browser.results[2 * index + 1] as? [Int])
            #expect(counts == [cells.count, flagged], "report \(index + 1): cells shown / highlighted")
            flaggedSeen += flagged
        }
        #expect(flaggedSeen > 100)   // the fixtures do hold ambiguous and stated cells
    }

    @Test func clickingACellMarksTheSourceLineItWasReadFrom() throws {
        let run = try Self.site.get()
        for suffix in ["guangzhou-2020-general-office.zh-Hant.txt", "pingtan-2021.txt", "guangzhou-2020.one-line.txt"] {
            let number = try run.report(endingWith: suffix)
            let browser = try Self.browse(try run.page(ofReport: number), ["""
                Array.from(document.querySelectorAll('td.cell')).map(cell => {
                  cell.click();
                  const hits = Array.from(document.querySelectorAll('#source .hit'));
                  return [cell.dataset.line, cell.classList.contains('hit'), hits.map(h => h.dataset.line),
                          hits.map(h => (h.querySelector('.text') || h).textContent).join('\\n')];
                })
                """])
            #expect(browser.exceptions.isEmpty)
            let clicks = try #require(browser.results.first as? [[Any]])
            let cells = Self.cells(of: run.reports[number - 1])
            #expect(clicks.count == cells.count)
            #expect(!clicks.isEmpty)
            for click in clicks {
                let line = try #require(click[0] as? String)
                #expect(click[1] as? Bool == true)
                let hits = try #require(click[2] as? [String])
                #expect(!hits.isEmpty && hits.allSatisfy { $0 == line }, "\(suffix): the cell of line \(line) marked \(hits)")
                // The marked line holds what the cell was read from (a run-together line holds its digits).
                let text = (click[3] as? String ?? "").replacingOccurrences(of: " ", with: "")
                let raws = cells.filter { "\($0["line"] as? Int ?? -1)" == line }.map { ($0["raw"] as? String ?? "") }
                #expect(raws.contains { $0.isEmpty || text.contains($0.replacingOccurrences(of: " ", with: "")) },
                        "\(suffix): line \(line) is '\(text)', cells read there: \(raws)")
            }
        }
    }

    @Test func aFailedIdentityNamesItsCellsAndShowsBothSides() throws {
        let run = try Self.site.get()
        let number = try run.report(endingWith: "#record=4")   // the Hebei 2022 report, 3 identities failing
        let browser = try Self.browse(try run.page(ofReport: number), [
            "document.querySelectorAll('li.check.failed').length",
            "Array.from(document.querySelectorAll('li.check.failed .total')).map(t => t.textContent)",
            "var term = document.querySelector('li.check.failed a.term'); term.click(); [term.dataset.cell, document.querySelector('td.cell.hit').id, document.querySelector('td.cell.hit').dataset.line, Array.from(document.querySelectorAll('#source .hit')).every(h => h.dataset.line === document.querySelector('td.cell.hit').dataset.line)]",
        ])
        #expect(browser.exceptions.isEmpty)
        #expect(browser.results[0] as? Int == 3)
        let failedChecks = (run.reports[number - 1]["tables"] as? [[String: Any]] ?? [])
            .flatMap { $0["checks"] as? [[String: Any]] ?? [] }.filter { $0["ok"] as? Bool == false }
        let sides = failedChecks.flatMap { [$0["left"], $0["right"]] }.map { "\(($0 as? NSNumber)?.intValue ?? -1)" }
        #expect(browser.results[1] as? [String] == sides)
        let click = try #require(browser.results[2] as? [Any])
        #expect(click[0] as? String == click[1] as? String)
        #expect(click[3] as? Bool == true)
    }

    @Test func theOriginalScriptIsOneClickAway() throws {
        let run = try Self.site.get()
        let number = try run.report(endingWith: "guangzhou-2020-general-office.zh-Hant.txt")
        let browser = try Self.browse(try run.page(ofReport: number), [
            "getComputedStyle(document.querySelector('#source li.converted .original')).display",
            "document.getElementById('toggle-original').click(); getComputedStyle(document.querySelector('#source li.converted .original')).display",
            "getComputedStyle(document.querySelector('#source li.converted .text')).display",
            "document.querySelector('#source li.converted .original').textContent.includes('檔案') || document.body.textContent.includes('檔案')",
            "Array.from(document.querySelectorAll('#panel ul.phrases li')).map(l => l.textContent).join(' | ')",
        ])
        #expect(browser.results[0] as? String == "none")
        #expect(browser.results[1] as? String != "none")
        #expect(browser.results[2] as? String == "none")
        #expect(browser.results[3] as? Bool == true)
        #expect((browser.results[4] as? String ?? "").contains("檔案 → 文件"))
    }

    @Test func aReportsMarkupIsShownAsTextAndNeverRun() throws {
        let run = try Self.site.get()
        var expressions: [String] = []
        for suffix in ["hostile.txt", "hostile.html"] {
            expressions += ["@open " + (try run.page(ofReport: try run.report(endingWith: suffix))).absoluteString,
                            "[document.querySelector('h1').textContent, document.body.textContent.includes('onerror=')]"]
        }
        expressions += ["@open " + run.review.appendingPathComponent("index.html").absoluteString,
                        "Array.from(document.querySelectorAll('td.title a')).map(a => a.textContent).filter(t => t.includes('<script>')).length"]
        expressions += ["[typeof window.pwned, document.querySelectorAll('img, iframe, svg[onload]').length]"]
        let browser = try Self.browse(run.review.appendingPathComponent("index.html"), expressions)
        #expect(browser.dialogs.isEmpty)
        #expect(browser.exceptions.isEmpty)
        let text = try #require(browser.results[1] as? [Any])
        #expect((text[0] as? String ?? "").contains("<script>window.pwned=1;alert('title')</script>"))
        #expect(text[1] as? Bool == true)
        let html = try #require(browser.results[3] as? [Any])
        #expect((html[0] as? String ?? "").contains("<script>"))
        #expect(html[1] as? Bool == true)
        #expect(browser.results[5] as? Int == 2)
        let executed = try #require(browser.results[6] as? [Any])
        #expect(executed[0] as? String == "undefined")
        #expect(executed[1] as? Int == 0)
    }

    @Test func anAgencyAcrossYearsIsChartedAndAudited() throws {
        let run = try Self.site.get()
        let agencies = try FileManager.default.contentsOfDirectory(atPath: run.review.appendingPathComponent("agencies").path)
        let pages = try agencies.map { name in (name, try Paths.text(run.review.appendingPathComponent("agencies/\(name)"))) }
        let (name, _) = try #require(pages.first { $0.1.contains("<h1>河北省科学技术厅</h1>") })
        let browser = try Self.browse(run.review.appendingPathComponent("agencies/\(name)"), [
            "document.querySelectorAll('figure.chart svg').length",
            "Array.from(document.querySelectorAll('table.figures tbody tr')).map(r => r.querySelector('th').textContent + ':' + r.querySelector('td').textContent)",
            "document.querySelectorAll('table.findings tbody tr').length",
            "Array.from(document.querySelectorAll('figure.chart:first-child rect')).map(r => r.querySelector('title').textContent)",
        ])
        #expect(browser.exceptions.isEmpty)
        #expect(browser.results[0] as? Int == 3)
        // Applications received, as each year's report reads them; years with no applications table say n/a.
        #expect(browser.results[1] as? [String] == ["2017:n/a", "2018:n/a", "2019:n/a", "2020:n/a", "2021:2", "2022:11", "2023:17"])
        #expect((browser.results[2] as? Int ?? 0) > 0)
        #expect(browser.results[3] as? [String] == ["received, 2021: 2", "received, 2022: 11", "received, 2023: 17"])
    }

    /// A text report whose title and lines carry markup, as scraped text may.
    static let hostileText = """
        <script>window.pwned=1;alert('title')</script>某某局2021年政府信息公开工作年度报告
        一、总体情况
        本局"><img src=x onerror="window.pwned=2;alert(2)">依法公开政府信息。</td></tr></table><b>粗体</b>
        二、主动公开政府信息情况
        第二十条第（一）项
        信息内容
        本年制发件数
        本年废止件数
        现行有效件数
        规章
        0
        0
        0
        规范性文件<svg onload=alert(3)>
        1
        0
        5
        """

    /// An HTML report whose text (after libxml2 has parsed it) holds markup written as entities.
    static let hostileHTML = """
        <!doctype html><html><head><meta charset="utf-8"><title>&lt;script&gt;window.pwned=3&lt;/script&gt;某某厅2021年政府信息公开工作年度报告</title></head>
        <body><h1>&lt;script&gt;window.pwned=3&lt;/script&gt;某某厅2021年政府信息公开工作年度报告</h1>
        <p>一、总体情况</p><p>&quot;&gt;&lt;img src=x onerror=&quot;window.pwned=4&quot;&gt;依法公开。</p>
        <p>二、主动公开政府信息情况</p>
        <table><tr><td colspan="4">第二十条第（一）项</td></tr>
        <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
        <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
        <tr><td>规范性文件&lt;iframe src=javascript:alert(5)&gt;</td><td>2</td><td>0</td><td>7</td></tr></table>
        </body></html>
        """
}
