import Foundation
import Testing
@testable import GazetteDecode

@Suite struct DeclaredCharsetTests {
    @Test(arguments: [
        ("<meta charset=\"GB2312\">", "gb2312"),
        ("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">", "gbk"),
        ("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=big5'>", "big5"),
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><html>", "utf-8"),
        ("<meta data-charset=\"x\" name=\"a\">", nil),
    ] as [(String, String?)])
    func findsTheDeclaredLabel(markup: String, label: String?) {
        #expect(DeclaredCharset.inMarkup(Data(markup.utf8))?.label == label)
    }

    @Test func findsALateDeclarationPastTheFirstKilobyte() async {
        let page = "<html><head><script>" + String(repeating: "var a = 1;\n", count: 300) + "</script><meta charset=gbk>"
        #expect(DeclaredCharset.inMarkup(Data(page.utf8))?.label == "gbk")
    }

    @Test(arguments: [("gb2312", "GB18030"), ("x-gbk", "GB18030"), ("big5", "BIG5-HKSCS"), ("UTF8", "UTF-8"), ("klingon", nil)] as [(String, String?)])
    func labelsMapToTheEncodingsTheyMeanInPractice(label: String, name: String?) async {
        #expect(EncodingLabel.iconvName(for: label) == name)
    }
}
