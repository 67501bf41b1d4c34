import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing
@testable import GazetteNormalize

@Suite struct NormalizeStageTests {
    let stage: NormalizeStage

    init() throws {
        stage = try NormalizeStage(options: PipelineLoader.load(nil).normalize)
    }

    private func extracted(_ lines: [String]) -> ExtractedDocument {
        let textLines = lines.enumerated().map { TextLine(line: $0.offset + 1, text: $0.element) }
        return ExtractedDocument(
            id: DocumentID(rawValue: "x"), source: Source(uri: "t.txt", sha256: "x", bytes: 0),
            encoding: EncodingInfo(name: "UTF-8", method: .detected, invalidBytes: 0),
            content: DocumentText(format: .text, title: lines.first, lines: textLines,
                                  sections: [SectionSpan(number: 0, heading: "", headingLine: nil, start: 0, end: lines.count)]),
            diagnostics: [])
    }

    /// Text as a machine conversion of a mainland report reads: Taiwan vocabulary throughout.
    static let taiwanStyle = [
        "各類規範性檔案和主動公開檔案在市政府入口網站發布。",
        "召開廣州市智慧財產權工作會議,推進數位化和最佳化。",
        "督促全市檔案館設定專區,整理人事檔案和檔案夾。",
    ]

    @Test func taiwanVocabularyIsReversedWhereTheDocumentShowsIt() async throws {
        let normalized = try await stage.run(extracted(Self.taiwanStyle))
        #expect(normalized.content.lines.map(\.text) == [
            "各类规范性文件和主动公开文件在市政府门户网站发布。",
            "召开广州市知识产权工作会议,推进数字化和优化。",
            "督促全市档案馆设置专区,整理人事档案和文件夹。",
        ])
        #expect(normalized.script.detected == .traditional)
        #expect(normalized.script.converter == "opencc:tw2sp+gov-phrases")
        #expect(normalized.original?.lines == Self.taiwanStyle)
    }

    @Test func eachDistinctReplacementIsRecordedWithItsCount() async throws {
        let messages = try await stage.run(extracted(Self.taiwanStyle)).diagnostics
            .filter { $0.code == "normalize.phrase-replaced" }.map(\.message)
        #expect(messages.contains("規範性檔案 → 规范性文件 ×1 (domain phrase)"))
        #expect(messages.contains("入口網站 → 门户网站 ×1 (Taiwan vocabulary)"))
        #expect(messages.contains("檔案 → 文件 ×1 (Taiwan vocabulary)"))
        // Protections are not replacements: 檔案館 and 人事檔案 read as plain t2s does.
        #expect(!messages.contains { $0.hasPrefix("檔案館") || $0.hasPrefix("人事檔案") })
    }

    @Test func traditionalTextWithoutTaiwanVocabularyGetsPlainT2S() async throws {
        let lines = ["本局檔案館藏有歷史檔案,規範性檔案另行公布。", "入口網站維護中。"]
        let normalized = try await stage.run(extracted(lines))
        #expect(normalized.script.converter == "opencc:t2s+gov-phrases")
        #expect(normalized.content.lines.map(\.text) == ["本局档案馆藏有历史档案,规范性文件另行公布。", "入口网站维护中。"])
    }

    /// 政府信息公开 is the subject of every report: converted with 信息 → 資訊 it reads 政府資訊公開, even in a
    /// document too short to show the Taiwan vocabulary that would reverse 資訊 (a page of tables).
    @Test func disclosureTermsAreRestoredWithoutTaiwanEvidence() async throws {
        let lines = ["平潭綜合實驗區2021年政府資訊公開工作年度報告", "三、收到和處理政府資訊公開申請情況", "資訊公開申請人 64"]
        let normalized = try await stage.run(extracted(lines))
        #expect(normalized.script.converter == "opencc:t2s+gov-phrases")
        #expect(normalized.content.lines.map(\.text) == [
            "平潭综合实验区2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "信息公开申请人 64",
        ])
    }

    @Test func simplifiedTextIsLeftAlone() async throws {
        let lines = ["广州市人民政府办公厅2020年政府信息公开工作年度报告", "规范性文件40件。"]
        let normalized = try await stage.run(extracted(lines))
        #expect(normalized.script.detected == .simplified)
        #expect(normalized.script.converter == nil)
        #expect(normalized.content.lines.map(\.text) == lines)
        #expect(normalized.original == nil)
    }

    @Test func widthsAreFolded() async throws {
        let normalized = try await stage.run(extracted(["（一）本年新收申请４５７件：", "　主动公开"]))
        #expect(normalized.content.lines.map(\.text) == ["(一)本年新收申请457件:", " 主动公开"])
        #expect(normalized.original?.lines == ["（一）本年新收申请４５７件：", "　主动公开"])
    }

    @Test func textWithoutHanIsScriptNone() async throws {
        #expect(try await stage.run(extracted(["Annual report 2020", "123"])).script.detected == ScriptInfo.Script.none)
    }
}
