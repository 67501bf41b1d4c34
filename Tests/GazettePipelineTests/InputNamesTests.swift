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
}
