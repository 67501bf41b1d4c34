import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// One row per deviation of real reports from the national template (research/template.md §5): a real report
/// with the deviation applied, and what Gazette must still read from it.
struct Deviation: CustomTestStringConvertible, Sendable {
    /// `template-5.N-…`: the item of template.md §5 the row pins.
    var id: String
    /// A fixture: the 2019-format sample in simplified script (one cell per line), or the 2021-format
    /// Pingtan report (rows with space-separated values, tab-separated headers).
    var base: String
    /// Text replacements that make the deviation; each `from` must occur in the base.
    var edits: [(from: String, to: String)]
    /// `table.row.column` → the value expected (nil: unknown).
    var cells: [String: Double?] = [:]
    var template: String?
    var sections: [Int]?
    /// Diagnostic codes the report must carry.
    var diagnostics: [String] = []
    var flags: [String: Report.Cell.Flag] = [:]
    var noFailedChecks = true

    var testDescription: String { id }

    static let base2019 = "guangzhou-2020.zh-Hans.txt"
    static let base2021 = "pingtan-2021.rows.txt"
}

@Suite struct TemplateDeviationTests {
    static let deviations: [Deviation] = [
        Deviation(id: "template-5.1-old-format-in-a-2022-report", base: Deviation.base2019,
                  edits: [("广州市人民政府办公厅2020年政府信息公开工作年度报告\n", "广州市人民政府办公厅2022年政府信息公开工作年度报告\n")],
                  cells: ["active.item1.normative_docs.new_made": 40], template: "2019"),
        Deviation(id: "template-5.2-hybrid-2021-tables-with-old-wording", base: Deviation.base2021,
                  edits: [("信息内容\t本年处理决定数量\n行政许可", "信息内容\t处理决定数量(2023年办件量)\n行政许可"),
                          ("现行有效件数", "现行有效件数 (历史累计)")],
                  cells: ["active.item5.licensing.decisions": 2293, "active.item1.normative_docs.in_force": 665],
                  template: "2021"),
        Deviation(id: "template-5.3-provincial-annotated-labels", base: Deviation.base2019,
                  edits: [("\n规章\n", "\n规章(设区的市、自治州人民政府应提供相关数据)\n"),
                          ("上一年项目数量\n本年增/减\n处理决定数量\n行政许可", "上一年项目数量(指2019年事项数)\n本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8)\n处理决定数量(指2020年办件量)\n行政许可")],
                  cells: ["active.item1.regulations.total_published": 239, "active.item5.licensing.decisions": 0],
                  template: "2019"),
        Deviation(id: "template-5.4-extra-row-other-documents", base: Deviation.base2019,
                  edits: [("规范性文件\n40\n42\n891\n", "规范性文件\n40\n42\n891\n其他主动公开文件(指其他文件)\n5\n6\n20\n")],
                  cells: ["active.item1.other_docs.new_published": 6, "active.item1.normative_docs.total_published": 891]),
        Deviation(id: "template-5.5-template-instructions-left-in", base: Deviation.base2019,
                  edits: [("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n编写说明:可先适当综述。要注意数据间的逻辑关系:第一项加第二项之和,等于第三项加第四项之和。“其他处理”项目:主要考虑极少数特殊情况。\n")],
                  cells: ["applications.outcome.other.total": 0, "applications.new.total": 473]),
        Deviation(id: "template-5.6-subtotal-row-not-counted", base: Deviation.base2019,
                  edits: [("8.属于行政查询事项\n0\n0\n0\n0\n0\n0\n0\n", "8.属于行政查询事项\n0\n0\n0\n0\n0\n0\n0\n小计\n19\n1\n0\n0\n0\n0\n20\n")],
                  cells: ["applications.outcome.total.total": 476]),
        Deviation(id: "template-5.7-heading-variants-with-xingzheng-jiguan", base: Deviation.base2019,
                  edits: [("二、主动公开政府信息情况", "二、行政机关主动公开政府信息情况"),
                          ("三、收到和处理政府信息公开申请情况", "三、行政机关收到和处理政府信息公开申请情况")],
                  cells: ["applications.new.total": 473], sections: [0, 1, 2, 3, 4, 5, 6]),
        Deviation(id: "template-5.8-heading-4-review-and-litigation-variant", base: Deviation.base2019,
                  edits: [("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况")],
                  cells: ["appeals.count.review.total": 2], sections: [0, 1, 2, 3, 4, 5, 6]),
        Deviation(id: "template-5.9-heading-5-variant", base: Deviation.base2019,
                  edits: [("五、存在问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")],
                  sections: [0, 1, 2, 3, 4, 5, 6]),
        Deviation(id: "template-5.10-two-fours-in-a-row", base: Deviation.base2019, edits: [],
                  cells: ["applications.carried_forward.total": 18, "appeals.count.litigation.direct.total": 2],
                  sections: [0, 1, 2, 3, 4, 5, 6]),
        Deviation(id: "template-5.11-header-cells-split-by-br", base: Deviation.base2019,
                  edits: [("本年新制作数量\n本年新公开数量", "本年新 制作数量\n本年新 公开数量"), ("商业企业\n科研机构", "商业 企业\n科研 机构")],
                  cells: ["active.item1.normative_docs.new_made": 40, "applications.new.org.commercial": 13], template: "2019"),
        Deviation(id: "template-5.11-header-cell-broken-over-two-lines", base: Deviation.base2019,
                  edits: [("本年新制作数量\n", "本年新\n制作数量\n")],
                  cells: ["active.item1.normative_docs.new_made": 40], template: "2019"),
        Deviation(id: "template-5.12-header-cell-became-two-rows", base: Deviation.base2021,
                  edits: [("商业 企业\n科研 机构\n社会公益组织\n法律服务机构\n其他\n", "商业\n科研\n社会公益组织\n法律服务机构\n其他\n企业\n机构\n")],
                  cells: ["applications.new.natural": 64, "applications.new.org.social_welfare": 2]),
        Deviation(id: "template-5.13-vertical-pdf-header-in-table-4", base: Deviation.base2019,
                  edits: [("行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n未经复议直接起诉\n复议后起诉\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n",
                           "结 结 其 尚 总\n果 果 他 未 计\n维 纠 结 审\n持 正 果 结\n")],
                  cells: ["appeals.count.review.upheld": 2, "appeals.count.litigation.direct.total": 2]),
        Deviation(id: "template-5.14-lost-sub-row-labels-read-by-position", base: Deviation.base2019,
                  edits: [("1.属于国家秘密\n", ""), ("2.其他法律行政法规禁止公开\n", ""), ("3.危及“三安全一稳定”\n", ""),
                          ("4.保护第三方合法权益\n", ""), ("5.属于三类内部事务信息\n", ""), ("6.属于四类过程性信息\n", ""),
                          ("7.属于行政执法案卷\n", ""), ("8.属于行政查询事项\n", "")],
                  cells: ["applications.outcome.withheld.third_party.natural": 4, "applications.outcome.withheld.internal_affairs.total": 16],
                  diagnostics: ["reconstruct.positional-row"],
                  flags: ["applications.outcome.withheld.internal_affairs.total": .positional]),
        Deviation(id: "template-5.15-dropped-characters-in-labels", base: Deviation.base2021,
                  edits: [("本年废止件数", "年废止件数"), ("\n行政许可", "\n政许可"), ("行政处罚", "政处罚"), ("行政强制", "政强制"), ("\n自然人\n", "\n自然\n")],
                  cells: ["active.item1.normative_docs.repealed": 3, "active.item5.licensing.decisions": 2293,
                          "active.item6.penalty.decisions": 1282, "active.item6.coercion.decisions": 42], template: "2021"),
        Deviation(id: "template-5.16-missing-character-and-spaced-numbering", base: Deviation.base2021,
                  edits: [("现行有效件数", "现行有效件"), ("（三）不予公开", "（三） 不予公开")],
                  cells: ["active.item1.normative_docs.in_force": 665, "applications.outcome.withheld.internal_affairs.natural": 1]),
        Deviation(id: "template-5.17-pinyin-injected-by-a-mirror", base: Deviation.base2019,
                  edits: [("\n行政许可\n", "\n行(xing)政许可\n"), ("\n行政处罚\n", "\n行政处(chu)罚\n")],
                  cells: ["active.item5.licensing.prev_items": 0, "active.item6.penalty.decisions": 0]),
        Deviation(id: "template-5.18-blank-cells-are-unknown-not-zero", base: Deviation.base2021,
                  edits: [("一、本年新收政府信息公开申请数量 64 0 0 2 0 4 70", "一、本年新收政府信息公开申请数量\t64\t\t\t\t\t\t70")],
                  cells: ["applications.new.natural": 64, "applications.new.org.commercial": nil, "applications.new.total": 70]),
        Deviation(id: "template-5.19-placeholders-are-unknown", base: Deviation.base2021,
                  edits: [("规章\t0\t0\t0", "规章\t/\t-\t无")],
                  cells: ["active.item1.regulations.issued": nil, "active.item1.regulations.in_force": nil,
                          "active.item1.normative_docs.issued": 69]),
        Deviation(id: "template-5.20-signed-and-worded-deltas", base: Deviation.base2019,
                  edits: [("行政许可\n0\n0\n0", "行政许可\n5\n减4\n0"), ("其他对外管理服务事项\n0\n0\n0", "其他对外管理服务事项\n0\n+1036\n0"),
                          ("行政处罚\n0\n0\n0", "行政处罚\n9\n-8\n0")],
                  cells: ["active.item5.licensing.delta": -4, "active.item5.other_services.delta": 1036, "active.item6.penalty.delta": -8]),
        Deviation(id: "template-5.21-units-inside-cells", base: Deviation.base2019,
                  edits: [("1237.40万元", "251000元")],
                  cells: ["active.item9.procurement.amount": 251000, "active.item9.procurement.projects": 17]),
        Deviation(id: "template-5.22-implausible-values-are-kept", base: Deviation.base2021,
                  edits: [("规章\t0\t0\t0", "规章\t0\t0\t6")],
                  cells: ["active.item1.regulations.in_force": 6]),
        Deviation(id: "template-5.23-narrative-instead-of-table-4", base: Deviation.base2021,
                  edits: [("行政复议\n行政诉讼\n", "未出现申请行政复议、提起行政诉讼的情况。\n"), ("1 0 2 0 3 12 0 0 0 12 0 0 0 0 0\n", "")],
                  cells: ["applications.new.total": 70], diagnostics: ["reconstruct.table-missing"]),
        Deviation(id: "template-5.24-machine-converted-traditional-script", base: "../../../Samples/guangzhou-2020-general-office.zh-Hant.txt",
                  edits: [], cells: ["active.item1.normative_docs.total_published": 891, "active.item9.procurement.amount": 1237.4],
                  template: "2019"),
    ]

    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    @Test(arguments: deviations)
    func deviationIsReadCorrectly(_ deviation: Deviation) async throws {
        var text = try Paths.text(Paths.fixture(deviation.base))
        for edit in deviation.edits {
            try #require(text.contains(edit.from), "the base must contain '\(edit.from)'")
            text = text.replacingOccurrences(of: edit.from, with: edit.to)
        }
        let result = await processor.process(FetchRequest(uri: "\(deviation.id).txt", content: Data(text.utf8)))
        let report = try #require(result.report)
        for (path, expected) in deviation.cells {
            let cell = try #require(Self.cell(path, in: report), "no cell \(path)")
            #expect(cell.value == expected, "\(path)")
        }
        for (path, flag) in deviation.flags {
            #expect(Self.cell(path, in: report)?.flag == flag, "\(path)")
        }
        if let template = deviation.template { #expect(report.template == template) }
        if let sections = deviation.sections { #expect(report.sections.map(\.number) == sections) }
        for code in deviation.diagnostics { #expect(report.diagnostics.contains { $0.code == code }, "\(code)") }
        if deviation.noFailedChecks {
            let failed = report.tables.flatMap { table in table.checks.filter { $0.ok == false }.map { "\(table.key) \($0.rule) \($0.row ?? $0.column ?? "")" } }
            #expect(failed == [])
        }
    }

    /// The cell at `table.row.column`, where the row key itself may hold dots (`outcome.withheld.third_party`).
    static func cell(_ path: String, in report: Report) -> Report.Cell? {
        for table in report.tables where path.hasPrefix(table.key + ".") {
            let rest = path.dropFirst(table.key.count + 1)
            for row in table.rows {
                guard let key = row.key, rest.hasPrefix(key + ".") else { continue }
                let column = String(rest.dropFirst(key.count + 1))
                if let cell = row.cells.first(where: { $0.column == column }) { return cell }
            }
        }
        return nil
    }
}
