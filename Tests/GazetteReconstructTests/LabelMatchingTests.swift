import Testing
@testable import GazetteReconstruct

@Suite struct LabelMatchingTests {
    @Test(arguments: [
        ("（一）予以公开", "予以公开", "(一)"),
        ("1.属于国家秘密", "属于国家秘密", "1"),
        ("四、结转下年度继续办理", "结转下年度继续办理", "四"),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开", "(二)"),
        ("3.危及“三安全一稳定”", "危及三安全一稳定", "3"),
        ("第二十条第(五)项", "第二十条第五项", nil),
        ("规章(设区的市、自治州人民政府应提供相关数据)", "规章", nil),
        ("商业 企业", "商业企业", nil),
    ] as [(String, String, String?)])
    func labelsFoldToTheirComparableForm(raw: String, text: String, number: String?) {
        let key = LabelKey(raw)
        #expect(key.text == text)
        #expect(key.number == number)
    }

    @Test(arguments: [("政许可", "行政许可"), ("年废止件数", "本年废止件数"), ("现行有效件", "现行有效件数")])
    func aDroppedCharacterStillMatches(read: String, template: String) async {
        #expect(LabelSimilarity.score(read, template) >= 0.75)
    }

    @Test func shortDifferentLabelsDoNotMatch() async {
        #expect(LabelSimilarity.score("其他", "其他处理") < 0.75)
        #expect(LabelSimilarity.score("规章", "规范") < 0.75)
    }

    @Test func numberingDecidesBetweenARowAndAColumn() async {
        let row = LabelKey("(七)总计")
        #expect(LabelMatcher.score(row, LabelKey.template("总计", number: "(七)")) > LabelMatcher.score(row, LabelKey("总计")))
    }
}
