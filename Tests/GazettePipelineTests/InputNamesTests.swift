import Foundation
import Testing
import GazetteCore
@testable import GazetteFetch
@testable import GazettePipeline
import GazetteTestSupport

/// What every input of a run goes through before its document is fetched: its digest (identity, cache keys,
/// shard), its list's line, its name's scheme and whether it may name a container. Each is written for speed and
/// checked here against the plain definition it replaced.
@Suite struct InputNamesTests {
    @Test func digestsAreSHA256InLowercaseHex() {
        #expect(ContentDigest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentDigest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentDigest.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // A text and its UTF-8 bytes have one digest, whatever the text holds (a small string's bytes are a copy).
        for text in ["广州市2020年政府信息公开工作年度报告", "a", String(repeating: "檔案 ", count: 500), "e\u{301}"] {
            #expect(ContentDigest.hex(text) == ContentDigest.hex(Data(text.utf8)))
        }
    }

    @Test func shardsSplitInputsByTheirDigest() {
        let shards = (0..<4).map { Shard(index: $0, count: 4) }
        let inputs = (0..<400).map { "https://example.gov.cn/report-\($0).html" }
        var sizes = [0, 0, 0, 0]
        for input in inputs {
            let holders = shards.filter { $0.contains(input) }
            #expect(holders.count == 1)
            sizes[holders[0].index] += 1
            // The first 15 hex digits of the digest, modulo the count: the documented rule, kept across versions.
            let expected = Int(UInt64(ContentDigest.hex(input).prefix(15), radix: 16)! % 4)
            #expect(holders[0].index == expected)
        }
        #expect(sizes.allSatisfy { $0 > 60 })
    }

    @Test func listsAreReadLineByLineAcrossChunksAndLineEnds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Lines of every length around the 64 KiB chunk, CRLF and LF, empty lines, and a last line with no end.
        var random = SeededRandom(seed: 7)
        var expected: [String] = []
        var bytes: [UInt8] = []
        for index in 0..<3000 {
            let length = index % 97 == 0 ? 70_000 : random.next(upTo: 120)
            let line = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(0x61 + random.next(upTo: 26)))) })
                + (index % 5 == 0 ? "报告" : "")
            expected.append(line)
            bytes += Array(line.utf8) + (index % 3 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
        expected.append("last\r")
        bytes += Array("last\r".utf8)
        let path = folder.appendingPathComponent("inputs.list").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try #require(LineReader(path: path))
        var lines: [String] = []
        while let line = reader.nextLine() { lines.append(line) }
        #expect(lines.count == expected.count)
        #expect(lines == expected.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) })
    }

    @Test func aListEntryIsTrimmedOfTheSpacesFoundationTrims() {
        let alphabet: [Unicode.Scalar] = [" ", "\t", "\u{A0}", "\u{3000}", "\u{2003}", "\u{200B}", "\u{85}", "\u{FEFF}",
                                          "\r", "\n", "a", "/", "报", "\u{301}", "\u{1680}", "\u{202F}"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<20_000 {
            let scalars = (0..<random.next(upTo: 8)).map { _ in alphabet[random.next(upTo: alphabet.count)] }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(scalars.map(\.value))")
        }
        // Every code point alone: the same set as Foundation's.
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b" + String(Character(scalar))
            #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
    }

    @Test func schemesAreReadAsBefore() {
        #expect(InputLocation.scheme(of: "https://www.gz.gov.cn/a.html") == "https")
        #expect(InputLocation.scheme(of: "HTTP://example.org") == "http")
        #expect(InputLocation.scheme(of: "file:///tmp/a.html") == nil)
        #expect(InputLocation.scheme(of: "/data/reports/广州.txt") == nil)
        #expect(InputLocation.scheme(of: "C:/reports/a.txt") == nil)
        #expect(InputLocation.scheme(of: "note: see http://x") == nil)
        #expect(InputLocation.scheme(of: "a:") == nil)
        // A colon a combining mark joins is not the colon: the next one is.
        #expect(InputLocation.scheme(of: "x:\u{301}y://z") == nil)
        #expect(InputLocation.scheme(of: "svn+ssh://host/path") == "svn+ssh")
    }

    @Test func onlyNamesEndingAsContainersAreOpenedAsContainers() {
        for name in ["export.csv", "EXPORT.CSV.GZ", "a/b.tsv", "x.jsonl", "x.ndjson", "x.json", "crawl.warc", "crawl.warc.gz",
                     "a.tar.gz", "dir.csv/"] {
            #expect(RecordContainer.mayNameContainer(name), "\(name)")
        }
        for name in ["report.txt", "report.html", "a.csvx", "csv", "广州.htm", "data.json.bak", ""] {
            #expect(!RecordContainer.mayNameContainer(name), "\(name)")
        }
    }

    /// A record's content type, read on its bytes, against the plain definition on the same head: its characters
    /// lowercased, white space dropped, Foundation's search for each tag.
    @Test func aRecordIsHTMLAsThePlainDefinitionSays() {
        func plain(_ content: String) -> Bool {
            let head = String(decoding: content.utf8.prefix(RecordContainer.htmlHeadBytes), as: UTF8.self).lowercased()
            if head.drop(while: \.isWhitespace).hasPrefix("<") { return true }
            return ["<p>", "<p ", "<div", "<table", "<br", "<html", "<span"].contains { head.contains($0) }
        }
        let head = RecordContainer.htmlHeadBytes
        let cases: [(String, Bool)] = [
            ("<html><body>报告</body></html>", true), (" \r\n\u{3000}\t<DIV>正文</DIV>", true), ("正文<P class=a>第一段", true),
            ("正文<p>", true), ("正文<Table border=1>", true), ("一行<BR/>二行", true), ("报告正文，没有标签。", false),
            ("正文<pre>代码</pre>", false), ("正文 <p", false), ("", false), ("\u{3000}\u{3000}", false), ("a < b", false),
            (String(repeating: "文", count: head / 3) + "<div>", false),
            (String(repeating: "文", count: head / 3 - 2) + "<div>", true),
            (String(repeating: "a", count: head - 3) + "<div>", false),
            (String(repeating: "a", count: head - 4) + "<div>", true),
            (String(repeating: " ", count: head) + "<html>", false),
            (String(repeating: "\u{3000}", count: head / 3 - 1) + "<b>", true),
            // White space that runs past the head's end, a code point cut by it: nothing is left to look at.
            ("  " + String(repeating: "\u{3000}", count: head / 3) + "<div>", false),
        ]
        for (content, expected) in cases {
            #expect(RecordContainer.looksLikeHTML(content) == expected, "\(content.prefix(40))… (\(content.utf8.count) bytes)")
            #expect(plain(content) == expected, "plain: \(content.prefix(40))…")
        }
        // Random mixtures of tags in every case, tags cut short, white space, Chinese and ASCII, around the head's end.
        // (White space is not followed by a combining mark here: the plain definition drops the two as one character.)
        let pieces = ["<p>", "<P ", "<p", "<pre>", "<Div", "<di", "<TABLE", "<tab", "<br", "<bR>", "<html", "<HTM", "<span",
                      "<SPA", "<", "p>", " ", "\n", "\r\n", "\t", "\u{3000}", "\u{A0}", "\u{2028}", "正文", "報告", "表", "a", "Z",
                      "1", ">", "\u{FEFF}", "é", "😀"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var content = ""
            if Bool.random(using: &generator) {
                // Filled up to about the head's end, with a one-byte or a three-byte character.
                let fill = ["x", " ", "\u{3000}", "文"].randomElement(using: &generator)!
                content = String(repeating: fill, count: Int.random(in: 0...(head + 16), using: &generator) / fill.utf8.count)
            }
            for _ in 0..<Int.random(in: 0...12, using: &generator) { content += pieces.randomElement(using: &generator)! }
            #expect(RecordContainer.looksLikeHTML(content) == plain(content), "\(content.suffix(60).debugDescription) (\(content.utf8.count) bytes)")
        }
    }
}
