import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// The sample report rewritten in each form real copies of its tables take; every form must give the
/// published values.
@Suite struct TableFormTests {
    enum Form: String, CaseIterable, Sendable {
        /// `规章 8 8 239`
        case spaceSeparated
        /// `规章<TAB>8<TAB>8<TAB>239`
        case tabSeparated
        /// `| 规章 | 8 | 8 | 239 |`, as PDF-to-markdown converters write tables
        case markdownPipes
        /// the labels of a table first, then its rows of numbers (labels torn from their numbers)
        case markdownTornLabels
        /// `<table>` markup, header spans included, as agencies' pages publish it
        case htmlTable
        /// one `<p>` per cell, as some CMS pages flatten tables
        case htmlParagraphs
        /// the whole article inside a layout table, its data tables nested in a layout cell
        case htmlNestedInLayoutTable
    }

    let processor: DocumentProcessor
    let expected: ExpectedValues

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
        expected = try ExpectedValues(Paths.fixture("guangzhou-2020-general-office.expected.json"))
    }

    @Test(arguments: Form.allCases)
    func everyFormGivesThePublishedValues(_ form: Form) async throws {
        let lines = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt")).components(separatedBy: "\n")
        let (text, uri) = Self.render(lines, as: form)
        try SharedReports.dump(text, as: "form-\(form.rawValue)-\(uri)")
        let result = await processor.process(FetchRequest(uri: uri, content: Data(text.utf8)))
        let report = try #require(result.report)
        #expect(expected.mismatches(in: report, exact: true) == [])
        #expect(report.template == "2019")
        let checks = report.tables.flatMap(\.checks)
        #expect(checks.count == 40)
        #expect(checks.allSatisfy { $0.ok == true })
    }

    /// A block of the body: a label with the numbers after it, or a run of numbers alone, or a plain line.
    private enum Block {
        case row(label: String?, values: [String])
        case line(String)
    }

    private static func isNumber(_ line: String) -> Bool {
        !line.isEmpty && line.allSatisfy { $0.isNumber || $0 == "." || $0 == "万" || $0 == "元" }
    }

    private static func blocks(_ lines: [String]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            var end = index + 1
            while end < lines.count, isNumber(lines[end]) { end += 1 }
            if isNumber(lines[index]) {
                blocks.append(.row(label: nil, values: Array(lines[index..<end])))
            } else if end > index + 1 {
                blocks.append(.row(label: lines[index], values: Array(lines[(index + 1)..<end])))
            } else {
                blocks.append(.line(lines[index]))
            }
            index = end
        }
        return blocks
    }

    static func render(_ lines: [String], as form: Form) -> (text: String, uri: String) {
        let blocks = blocks(lines)
        func cells(_ label: String?, _ values: [String]) -> [String] { (label.map { [$0] } ?? []) + values }
        switch form {
        case .spaceSeparated, .tabSeparated:
            let separator = form == .spaceSeparated ? " " : "\t"
            return (blocks.map { block in
                switch block {
                case .row(let label, let values): cells(label, values).joined(separator: separator)
                case .line(let line): line
                }
            }.joined(separator: "\n"), "report.txt")
        case .markdownPipes:
            return (blocks.map { block in
                switch block {
                case .row(let label, let values): "| " + cells(label, values).joined(separator: " | ") + " |"
                case .line(let line): line
                }
            }.joined(separator: "\n"), "report.md")
        case .markdownTornLabels:
            // Consecutive labelled rows lose their alignment: their labels come first, then their numbers.
            var output: [String] = []
            var pendingLabels: [String] = [], pendingValues: [String] = []
            func flush() {
                output += pendingLabels.map { "| \($0) |" } + pendingValues
                pendingLabels = []
                pendingValues = []
            }
            for block in blocks {
                switch block {
                case .row(let label?, let values) where values.count == 3 && !label.hasPrefix("第"):
                    pendingLabels.append(label)
                    pendingValues.append("| " + values.joined(separator: " | ") + " |")
                case .row(let label, let values):
                    flush()
                    output.append("| " + cells(label, values).joined(separator: " | ") + " |")
                case .line(let line):
                    flush()
                    output.append(line)
                }
            }
            flush()
            return (output.joined(separator: "\n"), "report.md")
        case .htmlTable, .htmlParagraphs, .htmlNestedInLayoutTable:
            var body: [String] = []
            var inTable = false
            for block in blocks {
                switch block {
                case .row(let label, let values):
                    if form == .htmlParagraphs {
                        body += cells(label, values).map { "<p>\($0)</p>" }
                    } else {
                        if !inTable { body.append("<table border=\"1\">") }
                        inTable = true
                        body.append("<tr>" + cells(label, values).map { "<td>\($0)</td>" }.joined() + "</tr>")
                    }
                case .line(let line):
                    if inTable { body.append("</table>") }
                    inTable = false
                    guard !line.isEmpty else { continue }
                    body.append(form != .htmlParagraphs && line.count < 12 && !line.contains("、")
                                ? "<table><tr><th>\(line)</th></tr></table>" : "<p>\(line)</p>")
                }
            }
            if inTable { body.append("</table>") }
            var article = body.joined(separator: "\n")
            if form == .htmlNestedInLayoutTable {
                article = "<table width=\"100%\"><tr><td class=\"left\"><a href=\"/\">首页</a></td><td>\n\(article)\n</td></tr></table>"
            }
            let page = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>\(lines[0])</title></head>
                <body><div class="nav"><a href="/">首页</a></div>
                \(article)
                </body></html>
                """
            return (page, "report.html")
        }
    }

    /// One cell per line where the source's empty cells became empty lines (every 0 of the sample blanked
    /// here), single-spaced or with a blank line after every line: each empty cell is an unknown value in its
    /// own column, and no value moves into a column that is not its own.
    @Test(arguments: [1, 2])
    func emptyLinesAreEmptyCellsInATableFlattenedOneCellPerLine(spacing: Int) async throws {
        let lines = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt")).components(separatedBy: "\n")
        let text = lines.map { $0 == "0" ? "" : $0 }.joined(separator: String(repeating: "\n", count: spacing))
        let result = await processor.process(FetchRequest(uri: "report.txt", content: Data(text.utf8)))
        let report = try #require(result.report)
        var read = 0, unknown = 0
        var misplaced: [String] = []
        for (tableKey, rows) in expected.tables {
            for (rowKey, columns) in rows {
                let row = report.tables.first { $0.key == tableKey }?.rows.first { $0.key == rowKey }
                for (column, value) in columns {
                    guard let cell = row?.cells.first(where: { $0.column == column }) else { continue }
                    if let found = cell.value {
                        if found == value { read += 1 } else { misplaced.append("\(tableKey).\(rowKey).\(column): \(value) ≠ \(found)") }
                    } else {
                        // An empty cell: blank in the source, on the empty line's own number.
                        #expect(value == 0 && cell.raw.isEmpty, "\(tableKey).\(rowKey).\(column)")
                        let source = (cell.line - 1) / spacing
                        #expect((cell.line - 1) % spacing == 0 && lines.indices.contains(source) && lines[source] == "0",
                                "\(tableKey).\(rowKey).\(column) line \(cell.line)")
                        unknown += 1
                    }
                }
            }
        }
        #expect(misplaced == [])
        // Every non-zero value of the sample is read where it belongs; the blanked zeros beside values are unknown.
        let nonZero = expected.tables.values.flatMap(\.values).flatMap(\.values).filter { $0 != 0 }.count
        #expect(read >= nonZero)
        #expect(unknown >= 40)
        #expect(report.tables.flatMap(\.checks).allSatisfy { $0.ok != false })
    }

    /// Table 三 as agencies' pages lay it out (research/template.md §2.2, the spans of R-SH19): a 3-row header
    /// with rowspan and colspan, 三、本年度办理结果 spanning 20 rows, group labels spanning their sub-rows, and
    /// the 总计 column left blank (`&nbsp;`) in the outcome rows, as R-SH19 publishes it.
    @Test func htmlTableWithSpansAndBlankTotalsIsReadOnItsKeys() async throws {
        let values = expected.tables["applications"]!
        let columns = ["natural", "org.commercial", "org.research", "org.social_welfare", "org.legal_service", "org.other", "total"]
        func cells(_ row: String, blankTotal: Bool = false) -> String {
            columns.map { column in
                blankTotal && column == "total" ? "<td>&nbsp;</td>" : "<td>\(Int(values[row]![column]!))</td>"
            }.joined()
        }
        let leaves: [(group: String?, span: Int, label: String, key: String)] = [
            (nil, 0, "（一）予以公开", "outcome.disclosed"), (nil, 0, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "outcome.partially_disclosed"),
            ("（三）不予公开", 8, "1.属于国家秘密", "outcome.withheld.state_secret"), (nil, 0, "2.其他法律行政法规禁止公开", "outcome.withheld.prohibited_by_law"),
            (nil, 0, "3.危及“三安全一稳定”", "outcome.withheld.security_stability"), (nil, 0, "4.保护第三方合法权益", "outcome.withheld.third_party"),
            (nil, 0, "5.属于三类内部事务信息", "outcome.withheld.internal_affairs"), (nil, 0, "6.属于四类过程性信息", "outcome.withheld.process_info"),
            (nil, 0, "7.属于行政执法案卷", "outcome.withheld.enforcement_file"), (nil, 0, "8.属于行政查询事项", "outcome.withheld.admin_query"),
            ("（四）无法提供", 3, "1.本机关不掌握相关政府信息", "outcome.unavailable.not_held"), (nil, 0, "2.没有现成信息需要另行制作", "outcome.unavailable.needs_creation"),
            (nil, 0, "3.补正后申请内容仍不明确", "outcome.unavailable.still_unclear"),
            ("（五）不予处理", 5, "1.信访举报投诉类申请", "outcome.not_processed.petition_complaint"), (nil, 0, "2.重复申请", "outcome.not_processed.duplicate"),
            (nil, 0, "3.要求提供公开出版物", "outcome.not_processed.publication"), (nil, 0, "4.无正当理由大量反复申请", "outcome.not_processed.excessive"),
            (nil, 0, "5.要求行政机关确认或重新出具已获取信息", "outcome.not_processed.confirm_reissue"),
            (nil, 0, "（六）其他处理", "outcome.other"), (nil, 0, "（七）总计", "outcome.total"),
        ]
        var rows = [
            "<tr><td rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=\"7\">申请人情况</td></tr>",
            "<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>",
            "<tr><td>商业<br/>企业</td><td>科研<br/>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>",
            "<tr><td colspan=\"3\">一、本年新收政府信息公开申请数量</td>\(cells("new"))</tr>",
            "<tr><td colspan=\"3\">二、上年结转政府信息公开申请数量</td>\(cells("carried_over"))</tr>",
        ]
        for (index, leaf) in leaves.enumerated() {
            var row = "<tr>"
            if index == 0 { row += "<td rowspan=\"20\">三、本年度办理结果</td>" }
            if let group = leaf.group {
                row += "<td rowspan=\"\(leaf.span)\">\(group)</td><td>\(leaf.label)</td>"
            } else if leaf.label.hasPrefix("（") {
                row += "<td colspan=\"2\">\(leaf.label)</td>"
            } else {
                row += "<td>\(leaf.label)</td>"
            }
            rows.append(row + cells(leaf.key, blankTotal: leaf.key != "outcome.total") + "</tr>")
        }
        rows.append("<tr><td colspan=\"3\">四、结转下年度继续办理</td>\(cells("carried_forward"))</tr>")
        let page = """
            <html><head><meta charset="gb2312"><title>广州市人民政府办公厅2020年政府信息公开工作年度报告</title></head><body>
            <p>三、收到和处理政府信息公开申请情况</p>
            <table border="1">
            \(rows.joined(separator: "\n"))
            </table>
            <p>四、政府信息公开行政复议、行政诉讼情况</p><p>本年度未发生。</p></body></html>
            """
        let report = try #require(await processor.process(FetchRequest(uri: "spans.html", content: Data(page.utf8))).report)
        let table = try #require(report.tables.first { $0.key == "applications" })
        #expect(table.template == "2019")
        for row in table.rows {
            let key = try #require(row.key)
            for cell in row.cells {
                let published = values[key]![cell.column!]!
                if cell.column == "total", !["new", "carried_over", "outcome.total", "carried_forward"].contains(key) {
                    #expect(cell.value == nil, "\(key) total is blank, so unknown")
                } else {
                    #expect(cell.value == published, "\(key).\(cell.column!)")
                }
            }
        }
        #expect(table.rows.compactMap(\.key).count == 23)
        // The blanks leave the row totals of the outcome rows unevaluated; nothing fails.
        #expect(table.checks.filter { $0.ok == false }.isEmpty)
        #expect(table.checks.filter { $0.rule == "applications.row_total" && $0.ok == nil }.count == 19)
        #expect(table.checks.filter { $0.rule == "applications.balance" }.allSatisfy { $0.ok == true })
        // The grid is the table as laid out: 3 header rows and 23 data rows, 10 columns wide.
        #expect(table.grid.count == 26)
        #expect(table.grid.allSatisfy { $0.count == 10 })
        #expect(table.grid[3][0] == "一、本年新收政府信息公开申请数量")
    }
}
