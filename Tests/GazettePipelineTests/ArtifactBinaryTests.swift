import Foundation
import GazetteCore
import GazetteDecode
import GazetteExtract
import GazetteFetch
import GazetteNormalize
import GazettePipeline
import GazetteReconstruct
import GazetteTestSupport
import Testing

/// Every stage's artifact of the documents the tests hold, for the tests of the forms artifacts are written in.
struct FixtureArtifacts {
    let stages: StageSet

    init() throws {
        stages = try StageSet(PipelineLoader.load(nil))
    }

    /// The documents the tests hold: the sample, the fixtures of every test target, and an HTML page.
    static func requests() -> [FetchRequest] {
        let tests = Paths.packageRoot.appendingPathComponent("Tests")
        let fixtures = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { $0.path.contains("/Fixtures/") && $0.pathExtension == "txt" }
        let html = """
            <html><head><meta charset="utf-8"><title>某局2021年政府信息公开工作年度报告</title></head><body>
            <p>一、总体情况</p><table><tr><td>信息内容</td><td>本年新制作数量</td></tr>
            <tr><td rowspan="2">规章</td><td>3</td></tr><tr><td>4</td></tr></table></body></html>
            """
        return ([Paths.guangzhouSample] + fixtures.sorted { $0.path < $1.path }).map { FetchRequest(uri: $0.path) }
            + [FetchRequest(uri: "page.html", content: Data(html.utf8), contentType: "text/html; charset=utf-8")]
    }

    func artifacts(of request: FetchRequest) async throws
        -> (FetchedDocument, DecodedDocument, ExtractedDocument, NormalizedDocument, Report) {
        guard case .fetched(let fetched) = try await stages.fetch.fetch(request, validators: nil) else {
            throw CocoaError(.fileReadUnknown)
        }
        let decoded = try await stages.decode.run(fetched)
        let extracted = try await stages.extract.run(decoded)
        let normalized = try await stages.normalize.run(extracted)
        return (fetched, decoded, extracted, normalized, try await stages.reconstruct.run(normalized))
    }
}

/// The work folder's binary form of the artifacts (issue 15, part 2): every artifact of every fixture reads
/// back equal to what was written, and damaged bytes are an error, never a crash or a wrong artifact.
@Suite struct ArtifactBinaryTests {
    let fixtures: FixtureArtifacts

    init() throws {
        fixtures = try FixtureArtifacts()
    }

    private func roundTrip<T: BinaryStorable & Equatable>(_ value: T, _ context: String) throws {
        let data = ArtifactBinary.encode(value)
        #expect(ArtifactBinary.isBinary(data))
        #expect(try ArtifactBinary.decode(T.self, from: data) == value, "\(T.self) of \(context)")
    }

    @Test func everyArtifactOfEveryFixtureReadsBackEqual() async throws {
        let requests = FixtureArtifacts.requests()
        #expect(requests.count >= 15)
        var tables = 0, originals = 0
        for request in requests {
            let (fetched, decoded, extracted, normalized, report) = try await fixtures.artifacts(of: request)
            try roundTrip(fetched, request.uri)
            try roundTrip(decoded, request.uri)
            try roundTrip(extracted, request.uri)
            try roundTrip(normalized, request.uri)
            try roundTrip(report, request.uri)
            tables += report.tables.count
            if normalized.original != nil { originals += 1 }
        }
        // The fixtures exercise what the form must carry: tables, converted text kept beside the original,
        // flagged cells with alternatives (nil among them), failed and unevaluated checks.
        #expect(tables >= 60)
        #expect(originals >= 1)
    }

    /// Every cut of an artifact's bytes is an error: a count or a length never reads past the end.
    @Test func aTruncatedArtifactIsAnErrorAtEveryLength() async throws {
        let (_, _, _, _, report) = try await fixtures.artifacts(of: FetchRequest(uri: Paths.guangzhouSample.path))
        let data = ArtifactBinary.encode(report)
        var cuts = Array(0..<min(data.count, 300))
        cuts += Array(stride(from: 300, to: data.count, by: 211))
        for cut in cuts {
            #expect(throws: (any Error).self, "cut at \(cut) of \(data.count)") {
                try ArtifactBinary.decode(Report.self, from: data.prefix(cut))
            }
        }
        #expect(throws: (any Error).self) { try ArtifactBinary.decode(Report.self, from: data + Data([0])) }
        // Another form (the report's JSON, an artifact of an earlier Gazette) is not taken for this one.
        let json = try GazetteJSON.encode(report)
        #expect(!ArtifactBinary.isBinary(json))
        #expect(throws: (any Error).self) { try ArtifactBinary.decode(Report.self, from: json) }
    }

    /// Bytes changed at random: the reader throws or returns an artifact, and never traps (a varint too
    /// long, a count past the end, invalid UTF-8, an unknown enum value).
    @Test func damagedBytesNeverCrashTheReader() async throws {
        let (_, _, _, normalized, report) = try await fixtures.artifacts(of: FetchRequest(uri: Paths.guangzhouSample.path))
        var random = SystemRandomNumberGenerator()
        var failures = 0
        for data in [ArtifactBinary.encode(normalized), ArtifactBinary.encode(report)] {
            for _ in 0..<300 {
                var damaged = data
                for _ in 0..<3 {
                    let index = Int.random(in: 4..<damaged.count, using: &random)
                    damaged[index] = UInt8.random(in: 0...255, using: &random)
                }
                if (try? ArtifactBinary.decode(Report.self, from: damaged)) == nil { failures += 1 }
            }
        }
        // Most damage is caught (a normalized document is not a report at all).
        #expect(failures >= 300)
    }
}
