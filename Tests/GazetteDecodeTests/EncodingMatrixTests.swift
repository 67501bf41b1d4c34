import Foundation
import GazetteCore
import GazetteTestSupport
import Testing
@testable import GazetteDecode

/// Real report text, in both scripts, in every encoding it arrives in, with right labels, wrong labels and
/// none: every case must decode to the text it started as.
@Suite struct EncodingMatrixTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var encoding: String
        /// How the case declares its encoding.
        var label: Label
        var testDescription: String { "\(text) in \(encoding), \(label)" }
    }

    enum Label: CustomStringConvertible, Sendable {
        case none
        case byteOrderMark
        /// `<meta charset>` with this label, in an HTML page around the text.
        case meta(String)
        /// The HTTP Content-Type charset.
        case header(String)

        var description: String {
            switch self {
            case .none: "no label"
            case .byteOrderMark: "byte-order mark"
            case .meta(let label): "meta \(label)"
            case .header(let label): "header \(label)"
            }
        }
    }

    static let simplified = ["guangzhou-2020.zh-Hans.txt", "pingtan-2019.zh-Hans.txt"]
    static let traditional = ["guangzhou-2020.zh-Hant.txt", "pingtan-2019.zh-Hant.txt"]

    static let cases: [Case] = {
        var cases: [Case] = []
        for text in simplified + traditional {
            var encodings = ["UTF-8", "GB18030", "GBK", "UTF-16LE", "UTF-16BE"]
            if traditional.contains(text) { encodings += ["BIG5", "BIG5-HKSCS"] }
            for encoding in encodings {
                cases.append(Case(text: text, encoding: encoding, label: .none))
                cases.append(Case(text: text, encoding: encoding, label: .meta(encoding.lowercased())))
                cases.append(Case(text: text, encoding: encoding, label: .header(encoding.lowercased())))
                if encoding.hasPrefix("UTF") { cases.append(Case(text: text, encoding: encoding, label: .byteOrderMark)) }
            }
            // Wrong and stale labels, as scraped pages carry them.
            cases.append(Case(text: text, encoding: "GB18030", label: .meta("utf-8")))
            cases.append(Case(text: text, encoding: "GBK", label: .meta("gb2312")))
            cases.append(Case(text: text, encoding: "UTF-8", label: .meta("gb2312")))
            cases.append(Case(text: text, encoding: "GB18030", label: .header("iso-8859-1")))
            if traditional.contains(text) {
                cases.append(Case(text: text, encoding: "BIG5", label: .meta("gbk")))
                cases.append(Case(text: text, encoding: "GBK", label: .meta("big5")))
            }
        }
        return cases
    }()

    let stage = DecodeStage(options: try! JSONDecoder().decode(DecodeOptions.self, from: Data("{}".utf8)))

    @Test(arguments: cases)
    func decodesToTheSameText(_ testCase: Case) async throws {
        var text = try Paths.text(Paths.fixture(testCase.text))
        var contentType: String?
        var uri = "report.txt"
        switch testCase.label {
        case .meta(let label):
            text = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(label)\"></head><body><pre>\n" + text + "</pre></body></html>"
            uri = "report.html"
        case .header(let label):
            contentType = "text/plain; charset=\(label)"
        case .none, .byteOrderMark:
            break
        }
        var bytes = try Encodings.encode(text, as: testCase.encoding)
        if case .byteOrderMark = testCase.label {
            let marks: [String: [UInt8]] = ["UTF-8": [0xEF, 0xBB, 0xBF], "UTF-16LE": [0xFF, 0xFE], "UTF-16BE": [0xFE, 0xFF]]
            bytes = Data(marks[testCase.encoding]!) + bytes
        }
        let source = Source(uri: uri, sha256: ContentDigest.hex(bytes), bytes: bytes.count, contentType: contentType)
        let decoded = try await stage.run(FetchedDocument(source: source, content: bytes))
        #expect(decoded.text == text)
        #expect(decoded.encoding.invalidBytes == 0)
        #expect(decoded.encoding.evidence.filter(\.taken).count == 1)
    }

    @Test func aRightLabelIsKeptAndSaysSo() async throws {
        let text = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hant.txt"))
        let bytes = try Encodings.encode(text, as: "BIG5")
        let source = Source(uri: "r.txt", sha256: "x", bytes: bytes.count, contentType: "text/plain; charset=big5")
        let decoded = try await stage.run(FetchedDocument(source: source, content: bytes))
        #expect(decoded.encoding.method == .header)
        #expect(decoded.encoding.name == "BIG5-HKSCS")
        let first = try #require(decoded.encoding.evidence.first)
        #expect(first.from == "header")
        #expect(first.label == "big5")
        #expect(first.encoding == "BIG5-HKSCS")
        #expect(first.taken)
        #expect(first.reason.hasPrefix("decodes cleanly"))
        #expect(first.reason.hasSuffix("declared, so kept"))
    }

    @Test func aWrongLabelIsRejectedWithItsInvalidBytes() async throws {
        let text = "<meta charset=\"utf-8\">" + (try Paths.text(Paths.fixture("pingtan-2019.zh-Hans.txt")))
        let bytes = try Encodings.encode(text, as: "GB18030")
        let decoded = try await stage.run(FetchedDocument(source: Source(uri: "r.html", sha256: "x", bytes: bytes.count), content: bytes))
        let rejected = try #require(decoded.encoding.evidence.first)
        #expect(rejected.from == "meta")
        #expect(rejected.encoding == "UTF-8")
        #expect(rejected.taken == false)
        #expect(rejected.reason.hasSuffix("invalid bytes"))
        #expect(decoded.encoding.evidence.contains { $0.taken && $0.encoding == "GB18030" && $0.from == "detected" })
        #expect(decoded.diagnostics.contains { $0.code == "decode.declared-rejected" })
    }

    @Test func utf8ReadAsGBKAndSavedAgainIsRepaired() async throws {
        let original = try Paths.text(Paths.fixture("guangzhou-2020.zh-Hans.txt"))
        // Garble every line whose UTF-8 bytes read as GB18030; the others stay as they were.
        var garbled = 0
        let mojibake = original.components(separatedBy: "\n").map { line -> String in
            guard let text = try? IconvConverter.decode(Data(line.utf8), from: "GB18030"), text.invalidBytes == 0,
                  text.text != line else { return line }
            garbled += 1
            return text.text
        }.joined(separator: "\n")
        #expect(garbled > 30)
        #expect(mojibake != original)
        let bytes = Data(mojibake.utf8)
        let decoded = try await stage.run(FetchedDocument(source: Source(uri: "m.txt", sha256: "x", bytes: bytes.count), content: bytes))
        #expect(decoded.text == original)
        let diagnostic = try #require(decoded.diagnostics.first { $0.code == "decode.mojibake-repaired" })
        #expect(diagnostic.message.hasPrefix("\(garbled) lines"))
    }

    @Test func mojibakeThatLostBytesIsReportedNotGuessed() async throws {
        // 政府信息公开 read as GBK loses a byte of 公 (AC E5 is no GBK pair): no exact reversal exists.
        let bytes = Data("本机关政府信息公开工作\n鏀垮簻淇℃伅鍏紑\n".utf8)
        let decoded = try await stage.run(FetchedDocument(source: Source(uri: "m.txt", sha256: "x", bytes: bytes.count), content: bytes))
        #expect(decoded.text == "本机关政府信息公开工作\n鏀垮簻淇℃伅鍏紑\n")
        let suspected = try #require(decoded.diagnostics.first { $0.code == "decode.mojibake-suspected" })
        #expect(suspected.line == 2)
    }

    @Test func theKunJinKaoRunIsTurnedBackIntoReplacementCharacters() async throws {
        let text = "收到申请锟斤拷件，其中锟斤拷锟斤拷已办结。"
        for encoding in ["UTF-8", "GB18030"] {
            let bytes = try Encodings.encode(text, as: encoding)
            let decoded = try await stage.run(FetchedDocument(source: Source(uri: "k.txt", sha256: "x", bytes: bytes.count), content: bytes))
            #expect(decoded.text == "收到申请\u{FFFD}\u{FFFD}件，其中\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}已办结。")
            #expect(decoded.diagnostics.contains { $0.code == "decode.mojibake-replacement" && $0.message.hasPrefix("3 ") })
        }
    }

    @Test func genuineTextIsNeverTakenForMojibake() async throws {
        for file in Self.simplified + Self.traditional {
            let text = try Paths.text(Paths.fixture(file))
            let bytes = Data(text.utf8)
            let decoded = try await stage.run(FetchedDocument(source: Source(uri: file, sha256: "x", bytes: bytes.count), content: bytes))
            #expect(decoded.text == text)
            #expect(!decoded.diagnostics.contains { $0.code.hasPrefix("decode.mojibake") })
        }
    }
}

/// Random CJK text decodes back exactly in every encoding that can hold it.
@Suite struct DecodeRoundTripTests {
    static func randomText(_ generator: inout SeededRandom, alphabet: [Character]) -> String {
        var text = ""
        let length = Int.random(in: 40...400, using: &generator)
        for _ in 0..<length {
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: text.append("\n")
            case 1: text += String(Int.random(in: 0...9999, using: &generator))
            case 2: text.append("，")
            default: text.append(alphabet.randomElement(using: &generator)!)
            }
        }
        return text
    }

    @Test(arguments: ["UTF-8", "GB18030", "UTF-16LE", "BIG5-HKSCS"])
    func randomCommonTextDecodesBackExactly(encoding: String) async throws {
        let stage = DecodeStage(options: try JSONDecoder().decode(DecodeOptions.self, from: Data("{}".utf8)))
        // Common characters the encoding can hold (Big5 has no simplified-only forms).
        let alphabet = CommonCharacters.characters.filter { (try? Encodings.encode(String($0), as: encoding)) != nil }
        var generator = SeededRandom(seed: 20261129)
        for round in 0..<40 {
            let text = Self.randomText(&generator, alphabet: Array(alphabet))
            let bytes = (encoding == "UTF-16LE" ? Data([0xFF, 0xFE]) : Data()) + (try Encodings.encode(text, as: encoding))
            let decoded = try await stage.run(FetchedDocument(source: Source(uri: "random-\(round).txt", sha256: "x", bytes: bytes.count),
                                                        content: bytes))
            #expect(decoded.text == text, "round \(round) in \(encoding) decoded as \(decoded.encoding.name)")
        }
    }
}

/// Valid UTF-8 is taken as it stands, without iconv: on any bytes, valid or not, cut or whole, the result must be
/// the one iconv gives (text, invalid bytes, cut-off bytes, giving up).
@Suite struct UTF8WithoutIconvTests {
    static let pieces: [[UInt8]] = [Array("政府信息公开".utf8), Array("abc 123\n".utf8), Array("（一）".utf8), Array("😀".utf8),
                                    [0xE6, 0x94], [0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                    [0xEF, 0xBF, 0xBE], [0x00], [0xEF, 0xBB, 0xBF]]

    @Test func validOrNotTheResultIsIconvs() throws {
        var random = SeededRandom(seed: 15)
        var differences: [String] = []
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(upTo: 10) { bytes += Self.pieces[random.next(upTo: Self.pieces.count)] }
            let data = Data(bytes)
            for limit in [Int.max, 2] {
                let fast = try IconvConverter.decode(data, from: "UTF-8", giveUpAfter: limit)
                let iconv = try IconvConverter.decodeWithIconv(data, from: "UTF-8", giveUpAfter: limit)
                if Array(fast.text.utf8) != Array(iconv.text.utf8) || fast.invalidBytes != iconv.invalidBytes
                    || fast.cutOffBytes != iconv.cutOffBytes || fast.gaveUp != iconv.gaveUp {
                    differences.append(bytes.map { String($0, radix: 16) }.joined(separator: " "))
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(try IconvConverter.decode(Data("规章 8".utf8), from: "UTF-8").text == "规章 8")
    }

    /// glibc's UTF-8 decoder passes these forms as characters; each byte must still be counted as invalid.
    @Test(arguments: [[0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF],
                      [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80]] as [[UInt8]])
    func formsPastTheLastCodePointAreInvalid(form: [UInt8]) throws {
        let data = Data(Array("规章".utf8) + form + Array(" 8".utf8))
        for result in [try IconvConverter.decode(data, from: "UTF-8"), try IconvConverter.decodeWithIconv(data, from: "UTF-8")] {
            #expect(result.invalidBytes == form.count)
            #expect(result.text == "规章" + String(repeating: "\u{FFFD}", count: form.count) + " 8")
            #expect(result.cutOffBytes == 0 && !result.gaveUp)
        }
    }
}
