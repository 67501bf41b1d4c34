import Foundation
import GazetteTestSupport
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

    /// A label is trimmed and lowercased without Foundation when it has nothing to trim: held here to the Foundation
    /// call it replaced, on random mixtures of white space, quotes, ASCII and other code points. (An attribute's
    /// value is trimmed by `String.trimmingSpaces`, held to Foundation's `.whitespaces` in `InputNamesTests`.)
    @Test func labelsAreTrimmedAsFoundationTrimsThem() {
        let alphabet: [Unicode.Scalar] = [" ", "\t", "\n", "\r", "\u{A0}", "\u{3000}", "\u{200B}", "\u{85}", "\"", "'", "G", "b", "-",
                                          "8", "=", "报", "\u{301}", "\u{FEFF}", "\u{7F}", "\u{1}"]
        var random = SeededRandom(seed: 15)
        for _ in 0..<20_000 {
            var text = ""
            text.unicodeScalars.append(contentsOf: (0..<random.next(upTo: 7)).map { _ in alphabet[random.next(upTo: alphabet.count)] })
            #expect(EncodingLabel.key(of: text) == text.trimmingCharacters(in: .whitespacesAndQuotes).lowercased(),
                    "\(text.unicodeScalars.map(\.value))")
        }
        #expect(EncodingLabel.key(of: " 'GBK' ") == "gbk")
        #expect(DeclaredCharset.attributes(in: "charset=\"\u{3000}utf-8\u{200B}\"")["charset"] == "utf-8")
    }
}
