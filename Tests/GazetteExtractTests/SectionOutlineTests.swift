import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteExtract

/// A heading is found on a line's bytes when its code points are plain (each its own character), by its
/// characters otherwise; both readings must agree on every plain line.
@Suite struct SectionHeadingBytesTests {
    /// Pieces heading lines and table rows are made of: numerals, separators, 第…部分, the sections' words and
    /// endings, digits, sentence punctuation, spaces, and code points that are no character alone.
    static let pieces = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "\u{F9D1}", "、", ".", "．", "第", "部分", "：", ":", " ", "\u{3000}",
                         "总体情况", "主动公开", "收到和处理", "依申请公开", "行政复议", "存在的主要问题", "其他需要报告", "概述",
                         "政府信息", "情况", "事项", "1", "3", "6", "9", "。", "，", "；", ",", ";", "é", "e\u{301}", "㈠", "①"]

    @Test func bytesAndCharactersFindTheSameHeadings() {
        let outline = SectionOutline(options: ExtractOptions())
        var random = SeededRandom(seed: 5)
        var disagreements: [String] = []
        var headings = 0
        for _ in 0..<200_000 {
            let text = (0..<random.next(upTo: 7) + 1).map { _ in Self.pieces[random.next(upTo: Self.pieces.count)] }.joined()
            let found = outline.headingNumber(text)
            if found != outline.headingNumber(characters: text) { disagreements.append(text) }
            if found != nil { headings += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        // The lines reach every kind of heading, not only the early exits.
        #expect(headings > 2_000)
    }

    /// A heading run into the text before it is cut out by its numeral's character: a compatibility ideograph
    /// canonically equal to 六 (U+F9D1) numbers it as 六 does.
    @Test func inlineHeadingsAreCutWhateverFormTheirNumeralTakes() {
        let outline = SectionOutline(options: ExtractOptions())
        func pieces(_ numeral: String) -> [String] {
            let line = TextLine(line: 7, text: "本机关全年未发生因政府信息公开工作被纠错的情况。\(numeral)、其他需要报告的事项 本年度无其他需要报告的事项。")
            return outline.splittingInlineHeadings([line], grids: []).0.map(\.text)
        }
        #expect(pieces("六") == ["本机关全年未发生因政府信息公开工作被纠错的情况。", "六、其他需要报告的事项", "本年度无其他需要报告的事项。"])
        #expect(pieces("\u{F9D1}").count == 3)
    }

    @Test(arguments: [("一、总体情况", 1), ("第二部分 主动公开政府信息情况", 2), ("3.收到和处理政府信息公开申请情况", 3),
                      ("行政复议、行政诉讼情况", 4), ("六．其他需要报告的事项", 6)] as [(String, Int)])
    func headingsOfEachForm(text: String, number: Int) {
        #expect(SectionOutline(options: ExtractOptions()).headingNumber(text) == number)
    }

    @Test(arguments: ["一、本年新收政府信息公开申请数量 457", "1.属于国家秘密", "三、", "1.总体情况，其他情况", "四、结转下年度继续办理8"])
    func rowsAndSentencesAreNoHeadings(text: String) {
        #expect(SectionOutline(options: ExtractOptions()).headingNumber(text) == nil)
    }
}
