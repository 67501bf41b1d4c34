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

    /// `inMarkup` reads a lowercased ASCII view of the bytes only where it compares or reads a tag; the version it
    /// replaced made the view of the whole head first. That one is kept below as the reference: both must find the
    /// same declaration in random mixtures of tags, attributes, quotes, case and bytes past ASCII.
    @Test func findsWhatTheWholeHeadViewFound() {
        let pieces: [[UInt8]] = ["<meta", "<META", "<Meta ", "<?xml", "<?XML ", " encoding=", "charset=", "CharSet=\"", "gbk",
                                 "Big5", "utf-8", "\"", "'", ">", "<", " ", "\t", "/", "http-equiv=content-type ",
                                 "HTTP-EQUIV='Content-Type' ", "content=\"text/html; charset=gb2312\"", "content=", ";", "<p>",
                                 "报告", "é"].map { Array($0.utf8) } + [[0xC4], [0xB3, 0xBC], [0xFF], [0x80, 0x3C]]
        var random = SeededRandom(seed: 37)
        var disagreements: [[UInt8]] = []
        var found = 0
        for _ in 0..<50_000 {
            var bytes = (0..<random.next(upTo: 12)).flatMap { _ in pieces[random.next(upTo: pieces.count)] }
            // Half of them with a whole tag somewhere, its pieces as random.
            if random.next(upTo: 2) == 0 {
                let tag = [pieces[random.next(upTo: 3)], pieces[6 + random.next(upTo: 2)], pieces[8 + random.next(upTo: 3)],
                           pieces[11 + random.next(upTo: 2)], pieces[13]].flatMap { $0 }
                bytes.insert(contentsOf: tag, at: random.next(upTo: bytes.count + 1))
            }
            let data = Data(bytes)
            let fast = DeclaredCharset.inMarkup(data), reference = WholeHeadView.inMarkup(data)
            if fast != reference { disagreements.append(bytes) }
            if fast != nil { found += 1 }
            // The limit cuts both alike.
            if DeclaredCharset.inMarkup(data, limit: 9) != WholeHeadView.inMarkup(data, limit: 9) { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(found > 10_000)
    }
}

/// `DeclaredCharset.inMarkup` as it was: the whole head copied and folded first.
private enum WholeHeadView {
    static func inMarkup(_ bytes: Data, limit: Int = 64 * 1024) -> DeclaredCharset.MarkupDeclaration? {
        var head = [UInt8](bytes.prefix(limit))
        for index in head.indices {
            let byte = head[index]
            if byte >= 0x80 { head[index] = UInt8(ascii: "?") } else if byte >= 0x41, byte <= 0x5A { head[index] = byte + 32 }
        }
        func text(_ range: Range<Int>) -> String { String(decoding: head[range], as: UTF8.self) }
        func attribute(_ name: String, in tag: String) -> String? { DeclaredCharset.attributes(in: tag)[name] }
        if head.starts(with: "<?xml".utf8), let end = head.firstIndex(of: UInt8(ascii: ">")) {
            if let label = attribute("encoding", in: text(0..<end)) { return .init(label: label, isXML: true) }
        }
        let meta = Array("<meta".utf8)
        var index = 0
        while let open = head[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard head[open...].starts(with: meta) else { continue }
            guard let close = head[(open + meta.count)...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = text((open + meta.count)..<close)
            if let label = attribute("charset", in: tag) { return .init(label: label, isXML: false) }
            if attribute("http-equiv", in: tag) == "content-type", let content = attribute("content", in: tag),
               let label = DeclaredCharset.fromContentType(content) {
                return .init(label: label, isXML: false)
            }
            index = close
        }
        return nil
    }
}
