import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteDecode

@Suite struct DecodeStageTests {
    let stage = DecodeStage(options: DecodeOptions())
    let sample: String

    init() throws { sample = try Paths.text(Paths.guangzhouSample) }

    private func fetched(_ bytes: Data, uri: String = "test.txt", contentType: String? = nil) -> FetchedDocument {
        FetchedDocument(source: Source(uri: uri, sha256: ContentDigest.hex(bytes), bytes: bytes.count,
                                       contentType: contentType), content: bytes)
    }

    @Test(arguments: ["GB18030", "BIG5-HKSCS", "UTF-8"])
    func sampleDecodesToTheSameTextInEveryEncodingWithoutLabels(encoding: String) async throws {
        let bytes = try Encodings.encode(sample, as: encoding)
        let decoded = try await stage.run(fetched(bytes))
        #expect(decoded.text == sample)
        #expect(decoded.encoding.invalidBytes == 0)
        #expect(decoded.encoding.method == .detected)
        #expect(decoded.encoding.name == encoding)
    }

    @Test func byteOrderMarkWinsAndIsStripped() async throws {
        let decoded = try await stage.run(fetched(Data([0xEF, 0xBB, 0xBF]) + Data(sample.utf8)))
        #expect(decoded.encoding.method == .bom)
        #expect(decoded.encoding.name == "UTF-8")
        #expect(decoded.text == sample)
    }

    @Test func utf16WithByteOrderMarkDecodes() async throws {
        let bytes = Data([0xFF, 0xFE]) + (try Encodings.encode(sample, as: "UTF-16LE"))
        let decoded = try await stage.run(fetched(bytes))
        #expect(decoded.encoding.name == "UTF-16LE")
        #expect(decoded.text == sample)
    }

    @Test func metaCharsetGB2312IsReadAsGB18030() async throws {
        // 镕 is outside GB2312: pages labelled gb2312 hold such characters, so the label means GB18030.
        let page = "<html><head><meta charset=\"gb2312\"><title>朱镕基</title></head><body><p>政府信息公开</p></body></html>"
        let decoded = try await stage.run(fetched(try Encodings.encode(page, as: "GB18030"), uri: "page.html"))
        #expect(decoded.encoding.method == .meta)
        #expect(decoded.encoding.declared == "gb2312")
        #expect(decoded.encoding.name == "GB18030")
        #expect(decoded.text == page)
    }

    @Test func headerCharsetComesBeforeMeta() async throws {
        let page = "<meta charset=\"big5\"><p>政府信息公开</p>"
        let decoded = try await stage.run(fetched(Data(page.utf8), uri: "page.html", contentType: "text/html; charset=UTF-8"))
        #expect(decoded.encoding.method == .header)
        #expect(decoded.encoding.name == "UTF-8")
    }

    @Test func wrongDeclarationIsRejectedWithADiagnostic() async throws {
        let page = "<meta charset=\"utf-8\">" + sample
        let decoded = try await stage.run(fetched(try Encodings.encode(page, as: "GB18030"), uri: "page.html"))
        #expect(decoded.encoding.name == "GB18030")
        #expect(decoded.encoding.declared == "utf-8")
        #expect(decoded.text == page)
        #expect(decoded.diagnostics.contains { $0.code == "decode.declared-rejected" })
    }

    @Test func unknownLabelIsADiagnosticNotAFailure() async throws {
        let decoded = try await stage.run(fetched(Data("<meta charset=\"x-klingon\"><p>政府信息公开</p>".utf8), uri: "a.html"))
        #expect(decoded.encoding.name == "UTF-8")
        #expect(decoded.diagnostics.contains { $0.code == "decode.unknown-label" })
    }

    @Test func emptyInputFailsWithDecodeEmpty() async {
        await #expect(throws: GazetteError(stage: .decode, code: .decodeEmpty, message: "the document is empty", input: "e.txt")) {
            try await stage.run(fetched(Data(" \n\t".utf8), uri: "e.txt"))
        }
    }

    @Test(arguments: [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], [0x25, 0x50, 0x44, 0x46, 0x2D], [0x50, 0x4B, 0x03, 0x04], [0x41, 0x00, 0x42]] as [[UInt8]])
    func binaryInputFailsWithDecodeBinary(bytes: [UInt8]) async throws {
        let error = try await #require(throws: GazetteError.self) { try await stage.run(fetched(Data(bytes), uri: "x.html")) }
        #expect(error.code == .decodeBinary)
        #expect(error.input == "x.html")
    }

    /// A few stray NUL bytes in a text copy (a crawler's glitch) are invalid bytes, not a sign of binary data.
    @Test func strayNULBytesAreReplacedNotFatal() async throws {
        var bytes = Data(sample.utf8)
        // After two line breaks, so that no character is cut.
        let breaks = bytes.indices.filter { bytes[$0] == 0x0A }
        bytes.insert(0, at: breaks[20] + 1)
        bytes.insert(0, at: breaks[2] + 1)
        let decoded = try await stage.run(fetched(bytes, uri: "nul.txt"))
        #expect(decoded.encoding.name == "UTF-8")
        #expect(decoded.encoding.invalidBytes == 2)
        #expect(!decoded.text.unicodeScalars.contains { $0.value == 0 })
        #expect(decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 2)
        #expect(decoded.diagnostics.map(\.code) == ["decode.nul-bytes"])
    }

    @Test func mostlyInvalidBytesFailAsUndecodable() async throws {
        var bytes = Data(sample.utf8)
        // Truncated UTF-8 sequences in every line: far above 0.5 %, and no other encoding reads them cleanly.
        bytes = Data(bytes.enumerated().map { $0.offset % 40 == 0 ? 0xFF : $0.element })
        let error = try await #require(throws: GazetteError.self) { try await stage.run(fetched(bytes)) }
        #expect(error.code == .decodeUndecodable)
    }

    @Test func aFewInvalidBytesAreReplacedAndCounted() async throws {
        var bytes = Data(sample.utf8)
        bytes.append(contentsOf: [0xE6, 0x94])   // a cut-off character at the end
        let decoded = try await stage.run(fetched(bytes))
        #expect(decoded.encoding.name == "UTF-8")
        #expect(decoded.encoding.invalidBytes == 2)
        #expect(decoded.text.hasSuffix("\u{FFFD}"))
    }

    /// A form past U+10FFFF in UTF-8 text (iconv lets it through) is counted and told, not repaired unseen.
    @Test func aFormPastTheLastCodePointIsCountedAndTold() async throws {
        var bytes = Data(sample.utf8)
        let breaks = bytes.indices.filter { bytes[$0] == 0x0A }
        bytes.insert(contentsOf: [0xF4, 0x90, 0x80, 0x80], at: breaks[10] + 1)
        let decoded = try await stage.run(fetched(bytes))
        #expect(decoded.encoding.name == "UTF-8")
        #expect(decoded.encoding.invalidBytes == 4)
        #expect(decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 4)
        #expect(decoded.diagnostics.contains { $0.message.hasPrefix("4 bytes did not decode as UTF-8") })
    }
}
