import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteExtract

@Suite struct ExtractStageTests {
    let stage = ExtractStage(options: ExtractOptions())

    private func decoded(_ text: String, uri: String = "report.txt") -> DecodedDocument {
        DecodedDocument(id: DocumentID(rawValue: "x"), source: Source(uri: uri, sha256: "x", bytes: text.utf8.count),
                        encoding: EncodingInfo(name: "UTF-8", method: .detected, invalidBytes: 0), text: text,
                        diagnostics: [])
    }

    @Test func sampleHasSixSectionsTitleAgencyAndYear() async throws {
        let extracted = try await stage.run(decoded(try Paths.text(Paths.guangzhouSample)))
        let content = extracted.content
        #expect(content.title == "廣州市人民政府辦公廳2020年政府信息公開工作年度報告")
        #expect(content.titleLine == 1)
        #expect(content.agency == "廣州市人民政府辦公廳")
        #expect(content.year == 2020)
        #expect(content.sections.map(\.number) == [0, 1, 2, 3, 4, 5, 6])
        #expect(content.sections.map(\.headingLine) == [nil, 5, 12, 66, 265, 300, 303])
        // 四、結轉下年度繼續辦理 (line 257) is a table row, not the heading of section 四.
        #expect(content.sections[4].heading == "四、政府信息公開行政複議、行政訴訟情況")
        let last = try #require(content.sections.last)
        #expect(content.lines[last.start..<last.end].map(\.text) == ["無。"])
        #expect(extracted.diagnostics.contains { $0.code == "extract.boilerplate-dropped" && $0.message.contains("聯絡我們") })
    }

    /// Section headings in the other forms reports number them: 第一部分, Arabic numbers, or no number (then
    /// the section's own words and a heading's ending tell them); list items and table rows are not headings.
    @Test(arguments: [
        ["第一部分 总体情况", "第二部分　主动公开政府信息情况", "第三部分、收到和处理政府信息公开申请情况"],
        ["1.总体情况", "2、主动公开政府信息情况", "3．收到和处理政府信息公开申请情况"],
        ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"],
    ])
    func headingsInOtherFormsOpenTheirSections(headings: [String]) async throws {
        let text = "某局2021年政府信息公开工作年度报告\n\(headings[0])\n本局全面推进政务公开。\n1.召开专题会议情况\n"
            + "\(headings[1])\n主动公开文件五件。\n\(headings[2])\n1.属于国家秘密\n0\n2.其他法律行政法规禁止公开\n0\n"
        let content = try await stage.run(decoded(text)).content
        #expect(content.sections.map(\.number) == [1, 2, 3])
        #expect(content.sections.map(\.heading) == headings)
    }

    @Test func lastSectionKeepsItsOnlyLineEvenWhenShort() async throws {
        let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n六、其他需要报告的事项\n无\n联系我们\n"
        let content = try await stage.run(decoded(text)).content
        let last = try #require(content.sections.last)
        #expect(content.lines[last.start..<last.end].map(\.text) == ["无"])
    }

    @Test(arguments: [
        ("广州市人民政府办公厅2020年政府信息公开工作年度报告", "广州市人民政府办公厅", 2020),
        ("平潭综合实验区2019年度政府信息公开工作年度报告", "平潭综合实验区", 2019),
        ("2021年广州市司法局政府信息公开工作年度报告", "广州市司法局", 2021),
        ("关于某县教育局的政府信息公开工作年度报告", "某县教育局", nil),
        ("某县人民政府２０２０年政府信息公开工作年度报告", "某县人民政府", 2020),
        ("二〇二一年某县教育局政府信息公开工作年度报告", "某县教育局", 2021),
        ("某局二零二二年度政府信息公开工作年度报告", "某局", 2022),
        // Digits of two forms, or five digits, are not a year.
        ("某局2０2０年度政府信息公开工作年度报告", "某局2０2０年度", nil),
        ("某局12020年度政府信息公开工作年度报告", "某局12020年度", nil),
    ] as [(String, String?, Int?)])
    func titleGivesAgencyAndYear(title: String, agency: String?, year: Int?) {
        let found = TitleFinder.agencyAndYear(in: title)
        #expect(found.agency == agency)
        #expect(found.year == year)
    }

    @Test func aSentenceAboutTheReportIsNotItsTitle() async throws {
        let text = "某县人民政府门户网站\n现将本局2020年度报告公布如下。\n一、总体情况\n内容。\n"
        let content = try await stage.run(decoded(text)).content
        #expect(content.title == "某县人民政府门户网站")
        #expect(content.year == nil)
        #expect(content.lines.map(\.text) == ["现将本局2020年度报告公布如下。", "一、总体情况", "内容。"])
    }

    @Test func aTitleRunTogetherWithBreadcrumbsIsFoundAndItsLineKept() async throws {
        let first = "当前位置： 首页政务公开政府信息公开年报 某区2021年度政府信息公开工作年度报告 来源：某区人民政府"
        let text = first + "\n一、总体情况\n内容。\n"
        let content = try await stage.run(decoded(text)).content
        #expect(content.title == "某区2021年度政府信息公开工作年度报告")
        #expect(content.agency == "某区")
        #expect(content.year == 2021)
        #expect(content.titleLine == 1)
        #expect(content.lines.map(\.text) == [first, "一、总体情况", "内容。"])
    }

    @Test func crawlerTitleLabelIsUnderstood() async throws {
        let text = "标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20\n一、总体情况\n内容。\n"
        let content = try await stage.run(decoded(text)).content
        #expect(content.title == "平潭综合实验区2019年度政府信息公开工作年度报告")
        #expect(content.agency == "平潭综合实验区")
        #expect(content.lines.map(\.text) == ["发布时间: 2020-01-20", "一、总体情况", "内容。"])
    }

    @Test func htmlBlocksBecomeLinesAndTablesBecomeGrids() async throws {
        let page = """
            <html><head><meta charset="gb2312"><title>某局2020年政府信息公开工作年度报告</title>
            <script>var x = "一、不是标题";</script></head>
            <body><nav>首页 | 联系我们</nav>
            <p>一、总体情况</p><p>本局认真落实《条例》。</p>
            <table><tr><td>规章</td><td>8</td></tr>
            <tr><td>规范性文件</td><td>40</td></tr></table>
            </body></html>
            """
        let extracted = try await stage.run(decoded(page, uri: "page.html"))
        #expect(extracted.content.format == .html)
        #expect(extracted.content.title == "某局2020年政府信息公开工作年度报告")
        #expect(extracted.content.lines.map(\.text) == ["一、总体情况", "本局认真落实《条例》。"])
        #expect(extracted.content.lines.map(\.line) == [4, 4])
        let grid = try #require(extracted.content.grids.first)
        #expect(grid.rows.map { $0.map(\.text) } == [["规章", "8"], ["规范性文件", "40"]])
        #expect(grid.rows.map { $0.map(\.line) } == [[5, 5], [6, 6]])
        #expect(grid.position == 2)
    }

    private func grid(_ table: String) async throws -> [[String]] {
        let page = "<html><head><title>某局2020年报告</title></head><body><p>一、总体情况</p>\(table)</body></html>"
        let extracted = try await stage.run(decoded(page, uri: "t.html"))
        return try #require(extracted.content.grids.first).rows.map { $0.map(\.text) }
    }

    @Test func spansAreExpandedAsABrowserLaysThemOut() async throws {
        let table = """
            <table><tr><td rowspan="2" colspan="2">信息内容</td><td colspan="2">申请人情况</td></tr>
            <tr><td>自然人</td><td>总计</td></tr>
            <tr><td>一</td><td>新收</td><td>5</td><td>5</td></tr></table>
            """
        #expect(try await grid(table) == [["信息内容", "信息内容", "申请人情况", "申请人情况"],
                                    ["信息内容", "信息内容", "自然人", "总计"],
                                    ["一", "新收", "5", "5"]])
    }

    @Test func spansRunningPastTheTableAreClamped() async throws {
        let table = "<table><tr><td rowspan=\"99999\" colspan=\"0\">规章</td><td>8</td></tr><tr><td>9</td></tr></table>"
        #expect(try await grid(table) == [["规章", "8"], ["规章", "9"]])
    }

    @Test func blankNbspCellsAndBrokenHeaderCells() async throws {
        let table = "<table><tr><th>本年新<br/>制作数量</th><th>商业<p>企业</p></th><th><b>规</b>章</th></tr><tr><td>&nbsp;</td><td> 3 </td><td>4</td></tr></table>"
        #expect(try await grid(table) == [["本年新 制作数量", "商业 企业", "规章"], ["", "3", "4"]])
    }

    @Test func aLayoutTableHoldingTablesIsReadAsText() async throws {
        let page = "<html><body><table><tr><td><p>一、总体情况</p><table><tr><td>规章</td><td>8</td></tr></table></td></tr></table></body></html>"
        let extracted = try await stage.run(decoded(page, uri: "layout.html"))
        #expect(extracted.content.grids.count == 1)
        #expect(extracted.content.grids.first?.rows.map { $0.map(\.text) } == [["规章", "8"]])
    }

    @Test func deeplyNestedHTMLKeepsWhatItHoldsBeforeTheNesting() async throws {
        let page = "<html><head><title>某局2020年报告</title></head><body><p>一、总体情况</p>" + String(repeating: "<div>", count: 100_000) + "深处" + "</body></html>"
        let extracted = try await stage.run(decoded(page, uri: "deep.html"))
        #expect(extracted.content.lines.first?.text == "一、总体情况")
    }

    @Test func pageThatIsAllNestingFailsWithTooDeep() async throws {
        let page = "<html><body>" + String(repeating: "<div>", count: 100_000) + "深处" + "</body></html>"
        let error = try await #require(throws: GazetteError.self) { try await stage.run(decoded(page, uri: "deep.html")) }
        #expect(error.code == .extractTooDeep)
        #expect(error.input == "deep.html")
    }

    @Test func blankDocumentFails() async {
        await #expect(throws: GazetteError.self) { try await stage.run(decoded("<html><body></body></html>", uri: "a.html")) }
    }
}

@Suite struct HTMLPageTests {
    let stage = ExtractStage(options: ExtractOptions())

    private func extract(_ page: String) async throws -> ExtractedDocument {
        try await stage.run(DecodedDocument(id: DocumentID(rawValue: "x"), source: Source(uri: "page.html", sha256: "x", bytes: 0),
                                      encoding: EncodingInfo(name: "UTF-8", method: .meta, invalidBytes: 0), text: page,
                                      diagnostics: []))
    }

    static let cmsPage = """
        <!DOCTYPE html>
        <html><head>
        <meta name="ArticleTitle" content="某市司法局2021年政府信息公开工作年度报告">
        <meta name="PubDate" content="2022-01-28 09:30">
        <meta name="ContentSource" content="某市司法局">
        <title>某市司法局2021年政府信息公开工作年度报告_某市人民政府门户网站</title></head>
        <body>
        <div class="top-menu"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/hd">互动交流</a></div>
        <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
        <div class="main"><div class="article">
        <h1>某市司法局2021年政府信息公开工作年度报告</h1>
        <div class="TRS_Editor"><p>一、总体情况</p><p>2021年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开工作，主动公开政府信息三百余条。</p>
        <p>二、主动公开政府信息情况</p><p>本年度制发规范性文件五件，均已按规定公开。</p></div>
        <div class="bdshare">分享到：<a href="#">微信</a><a href="#">微博</a></div>
        </div></div>
        <div class="footer">主办：某市人民政府办公室 地址：某市某路1号 电话：0000-12345678 备案号：某ICP备00000000号</div>
        </body></html>
        """

    @Test func navigationShareBarsAndFootersAreLeftOut() async throws {
        let extracted = try await extract(Self.cmsPage)
        let text = extracted.content.lines.map(\.text).joined(separator: "\n")
        #expect(text.contains("本局认真贯彻落实"))
        for chrome in ["首页", "当前位置", "分享到", "备案号", "主办"] {
            #expect(!text.contains(chrome), "\(chrome)")
        }
        #expect(extracted.content.sections.map(\.number) == [1, 2])
    }

    @Test func aSiteNameTitleGivesWayToTheReportsHeading() async throws {
        let page = """
            <html><head><title>某县人民政府门户网站</title></head><body>
            <p>某县教育局2020年政府信息公开工作年度报告</p><p>一、总体情况</p><p>内容。</p></body></html>
            """
        let content = try await extract(page).content
        #expect(content.title == "某县教育局2020年政府信息公开工作年度报告")
        #expect(content.agency == "某县教育局")
        #expect(content.year == 2020)
        #expect(content.lines.map(\.text) == ["一、总体情况", "内容。"])
    }

    @Test func anH1OutsideTheArticleTextNamesTheReportWhenTheTitleIsTheSites() async throws {
        let paragraphs = (1...8).map { "<p>本局认真贯彻落实《条例》，全面推进政务公开工作第\($0)项。</p>" }.joined()
        let page = """
            <html><head><title>某县人民政府门户网站</title></head><body>
            <div class="side"><ul><li><a href="/1">某县教育局2019年政府信息公开工作年度报告</a></li></ul></div>
            <div class="article"><h1>某县教育局2020年政府信息公开工作年度报告</h1>
            <div class="content"><p>一、总体情况</p>\(paragraphs)</div></div></body></html>
            """
        let content = try await extract(page).content
        #expect(content.title == "某县教育局2020年政府信息公开工作年度报告")
        #expect(content.year == 2020)
    }

    @Test func metadataGivesTitleDateAndPublisher() async throws {
        let content = try await extract(Self.cmsPage).content
        #expect(content.title == "某市司法局2021年政府信息公开工作年度报告")
        #expect(content.published == "2022-01-28 09:30")
        #expect(content.agency == "某市司法局")
        #expect(content.year == 2021)
    }

    @Test func aLargePageOnOneLineIsReadWhole() async throws {
        // 5 MB with no line break (the 50 MB case is run by gazette-bench --megabytes 50, out of the suite).
        let paragraph = "<p>本局认真贯彻落实《条例》，主动公开政府信息。</p><table><tr><td>规章</td><td>8</td></tr></table>"
        let page = "<html><head><title>某局2020年报告</title></head><body>" + String(repeating: paragraph, count: 50_000) + "</body></html>"
        #expect(page.utf8.count > 5_000_000)
        let extracted = try await extract(page)
        #expect(extracted.content.lines.count == 50_000)
        #expect(extracted.content.grids.count == 50_000)
        #expect(extracted.content.lines.allSatisfy { $0.line == 1 })
    }

    @Test func malformedMarkupYieldsWhatItHolds() async throws {
        let page = "<html><body><p>一、总体情况<p>未闭合的段落<div><table><tr><td>规章<td>8</table></table></td></tr>"
            + "<p>二、主动公开政府信息情况</span></b><p>正文"
        let extracted = try await extract(page)
        #expect(extracted.content.lines.map(\.text).contains("未闭合的段落"))
        #expect(extracted.content.grids.first?.rows.map { $0.map(\.text) } == [["规章", "8"]])
        #expect(extracted.content.sections.map(\.number).contains(2))
    }
}

@Suite struct MarkdownTableTests {
    @Test func pipeTablesBecomeGridsAndTheRuleIsDropped() async throws {
        let text = "某局2020年报告\n二、主动公开政府信息情况\n| 信息内容 | 本年新制作数量 | 本年新公开数量 |\n|---|:---:|---|\n| 规章 | 8 |  |\n正文。\n"
        let extracted = try await ExtractStage(options: ExtractOptions()).run(DecodedDocument(
            id: DocumentID(rawValue: "x"), source: Source(uri: "report.md", sha256: "x", bytes: 0),
            encoding: EncodingInfo(name: "UTF-8", method: .detected, invalidBytes: 0), text: text, diagnostics: []))
        let grid = try #require(extracted.content.grids.first)
        #expect(grid.rows.map { $0.map(\.text) } == [["信息内容", "本年新制作数量", "本年新公开数量"], ["规章", "8", ""]])
        #expect(grid.rows[1].map(\.line) == [5, 5, 5])
        #expect(extracted.content.lines.map(\.text) == ["二、主动公开政府信息情况", "正文。"])
        #expect(grid.position == 1)
    }

    private func extract(_ text: String) async throws -> ExtractedDocument {
        try await ExtractStage(options: ExtractOptions()).run(DecodedDocument(
            id: DocumentID(rawValue: "x"), source: Source(uri: "report.md", sha256: "x", bytes: 0),
            encoding: EncodingInfo(name: "UTF-8", method: .detected, invalidBytes: 0), text: text, diagnostics: []))
    }

    /// A PDF converter's headings: the title and section headings read without their marks.
    @Test func headingMarksAreDropped() async throws {
        let extracted = try await extract("# 某局2021年政府信息公开工作年度报告\n## 一、总体情况\n## 表二\n#标签\n正文，正文。\n")
        #expect(extracted.content.title == "某局2021年政府信息公开工作年度报告")
        #expect(extracted.content.agency == "某局")
        #expect(extracted.content.sections.first { $0.number == 1 }?.heading == "一、总体情况")
        // Not a heading mark without its space.
        #expect(extracted.content.lines.map(\.text).suffix(3) == ["表二", "#标签", "正文，正文。"])
    }

    /// A header a converter made up (`数据1 … 数据6`, `Column1`) is no row of the table; a header of real words is.
    @Test func placeholderHeadersAreDropped() async throws {
        let text = "二、主动公开政府信息情况\n| 数据1 | 数据2 | 数据3 |\n|---|---|---|\n| 规章 | 8 | 8 |\n\n| Column1 | Column2 |\n|---|---|\n| 数据 | 2 |\n| 数据2 | 数据3 |\n"
        let grids = try await extract(text).content.grids.map { $0.rows.map { $0.map(\.text) } }
        #expect(grids == [[["规章", "8", "8"]], [["数据", "2"], ["数据2", "数据3"]]])
    }
}
