import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Gazette's compact JSON is byte for byte Foundation's (`.sortedKeys`, `.withoutEscapingSlashes`): cache keys,
/// goldens and every output file depend on those bytes.
@Suite struct JSONCodingTests {
    private static func foundation(_ value: some Encodable) throws -> Data {
        try GazetteJSON.encoder(pretty: false).encode(value)
    }

    private func sameBytes<T: Codable>(_ type: T.Type, _ json: Data) throws {
        let value = try GazetteJSON.decode(T.self, from: json)
        let ours = try GazetteJSON.encode(value)
        #expect(ours == (try Self.foundation(value)), "\(T.self) differs")
        #expect(ours == json, "\(T.self) does not round-trip")
    }

    @Test(arguments: ["Samples/guangzhou-2020-general-office.zh-Hant.txt", "Tests/FuzzSeeds/spanned-table.html",
                      "Tests/FuzzSeeds/paragraphs-gb18030.html", "Tests/GazetteReconstructTests/Fixtures/pingtan-2019.txt"])
    func everyArtifactOfAReportIsWrittenAsFoundationWritesIt(path: String) async throws {
        let stages = try StageSet(PipelineLoader.load(nil))
        let request = try GazetteJSON.encode(FetchRequest(uri: Paths.packageRoot.appendingPathComponent(path).path))
        let fetched = try await stages.run(.fetch, json: request)
        try sameBytes(FetchedDocument.self, fetched)
        let decoded = try await stages.run(.decode, json: fetched)
        try sameBytes(DecodedDocument.self, decoded)
        let extracted = try await stages.run(.extract, json: decoded)
        try sameBytes(ExtractedDocument.self, extracted)
        let normalized = try await stages.run(.normalize, json: extracted)
        try sameBytes(NormalizedDocument.self, normalized)
        let report = try await stages.run(.reconstruct, json: normalized)
        try sameBytes(Report.self, report)
        let emitted = try await stages.run(.emit, json: report)
        try sameBytes(EmittedRecords.self, emitted)
    }

    struct Awkward: Codable, Equatable {
        var keyed: [String: Int]
        var strings: [String]
        var numbers: [Double]
        var small: [Float]
        var integers: [Int64]
        var bytes: [UInt8]
        var data: Data
        var url: URL
        var maybe: String?
        var absent: Int?
        var nested: [[String: [Double?]]]
    }

    @Test func awkwardValuesAreWrittenAsFoundationWritesThem() throws {
        let value = Awkward(
            keyed: ["a_b": 1, "ab": 2, "aB": 3, "a1": 4, "a10": 5, "a2": 6, "A": 7, "b": 8, "_z": 9, "Z": 10, "规章": 11, "é": 12],
            strings: ["a/b", "\u{1}\u{1f}\u{7f}\u{2028}\u{2029}", "\"\\\n\r\t\u{8}\u{c}", "中文 檔案", "😀", "\u{85}\u{a0}", "", "\r\n"],
            numbers: [473.0, 1237.4, 0.1, 1e21, 1e-7, -0.0, 123456789012345680000.0, 1e15, 1e16, 12345678.9, 0.000123,
                      5e-324, 1.7976931348623157e308, 100, 2.5e-5, -8, 0.1 + 0.2, 9007199254740993],
            small: [1.5, 0.1, 3], integers: [Int64.min, -1, 0, Int64.max], bytes: [0, 255],
            data: Data([0, 1, 2, 250, 251, 252]), url: URL(string: "https://example.gov.cn/a/b?c=1")!,
            maybe: "x", absent: nil, nested: [["b": [1, nil, 2.5]], [:]])
        let ours = try GazetteJSON.encode(value)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.foundation(value), as: UTF8.self))
        #expect(try GazetteJSON.decode(Awkward.self, from: ours) == value)
    }

    /// Containers used every way the protocol allows in order: nested keyed and unkeyed containers, a super
    /// encoder (filled and left empty), a key given twice, a container asked for twice, a value encoding nothing.
    struct Containers: Encodable {
        enum Keys: String, CodingKey { case zeta, alpha, nested, list, middle, empty }
        enum Inner: String, CodingKey { case b, a }

        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .zeta)
            var nested = container.nestedContainer(keyedBy: Inner.self, forKey: .nested)
            try nested.encode("b", forKey: .b)
            try nested.encode([3, 1], forKey: .a)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode("x")
            var inner = list.nestedContainer(keyedBy: Inner.self)
            try inner.encode(true, forKey: .b)
            try inner.encodeNil(forKey: .a)
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encode(2.5)
            try list.encode(Nothing())
            let superEncoder = container.superEncoder(forKey: .middle)
            var superContainer = superEncoder.container(keyedBy: Inner.self)
            try superContainer.encode("in super", forKey: .a)
            _ = container.superEncoder(forKey: .empty)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode("first", forKey: .alpha)
            try again.encode("second", forKey: .alpha)
        }
    }

    @Test func everyUseOfContainersIsWrittenAsFoundationWritesIt() throws {
        let ours = try GazetteJSON.encode(Containers())
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: try Self.foundation(Containers()), as: UTF8.self))
        #expect(String(decoding: ours, as: UTF8.self).contains(#""alpha":"second""#))
        #expect(try GazetteJSON.encode(Containers.Nothing()) == Data("{}".utf8))
    }

    /// Going back to a nested container after its parent moved on is refused, not written out of place.
    struct Interleaved: Encodable {
        enum Keys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedUnkeyedContainer(forKey: .a)
            try container.encode(1, forKey: .b)
            try nested.encode(2)
        }
    }

    @Test func writingToAClosedContainerIsAnError() {
        #expect(throws: EncodingError.self) { try GazetteJSON.encode(Interleaved()) }
    }

    @Test func aNumberJSONCannotHoldIsAnError() {
        #expect(throws: EncodingError.self) { try GazetteJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try GazetteJSON.encode(["x": Double.infinity]) }
    }
}
