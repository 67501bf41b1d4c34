import Foundation
import GazetteCore
import GazettePipeline
import GazetteDecode
import GazetteNormalize
import GazetteReconstruct
import GazetteTestSupport
import Testing

@Suite struct PipelineLoaderTests {
    @Test func theBuiltInPipelineIsTheOneInPipelinesFolder() async throws {
        let builtIn = try PipelineLoader.load(nil)
        let file = try PipelineLoader.load(Paths.pipelines.appendingPathComponent("gov-disclosure-annual-report.yaml").path)
        #expect(builtIn.origin == "built-in" || builtIn.origin.hasPrefix("Pipelines/"))
        for stage in StageID.allCases {
            #expect(builtIn.optionsDigest(stage) == file.optionsDigest(stage), "stage \(stage.rawValue)")
        }
        #expect(builtIn.normalize.domainPhrases.contents.contains("規範性檔案\t规范性文件"))
        #expect(builtIn.reconstruct.templates.map(\.path) == ["templates/national-2019.yaml", "templates/national-2021.yaml"])
    }

    @Test func everyPipelineFileLoadsAndBuildsItsStages() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.pipelines.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            _ = try StageSet(try PipelineLoader.load(Paths.pipelines.appendingPathComponent(file).path))
        }
    }

    @Test(arguments: [
        ("stages:\n  normalize:\n    fold_widht: true\n", "unknown key 'stages.normalize.fold_widht'"),
        ("stagez: {}\n", "unknown key 'stagez'"),
        ("stages:\n  transmogrify: {}\n", "unknown key 'stages.transmogrify'"),
        ("stages:\n  decode:\n    max_invalid_ratio: lots\n", "stages.decode"),
        ("stages:\n  normalize:\n    domain_phrases: dictionaries/none.txt\n", "dictionaries/none.txt"),
        ("limits:\n  seconds: 5\n", "unknown key 'limits.seconds'"),
        ("limits:\n  seconds_per_document: 0\n", "limits: must be more than 0"),
    ])
    func aBadPipelineFileIsAnErrorNamingTheFileAndTheKey(yaml: String, expected: String) throws {
        let error = try #require(throws: PipelineError.self) {
            try PipelineLoader.parse("name: test\n" + yaml, origin: "my-pipeline.yaml", folder: nil)
        }
        #expect(error.message.hasPrefix("my-pipeline.yaml: "))
        #expect(error.message.contains(expected))
    }

    @Test func anEmptyStageBlockGivesTheDefaults() async throws {
        let pipeline = try PipelineLoader.parse("name: minimal\nstages: {}\n", origin: "minimal.yaml", folder: nil)
        #expect(pipeline.decode.maxInvalidRatio == 0.005)
        #expect(pipeline.reconstruct.templates.count == 2)
        #expect(pipeline.limits.secondsPerDocument == 60)
        let limited = try PipelineLoader.parse("name: limited\nlimits:\n  seconds_per_document: 2.5\n", origin: "l.yaml", folder: nil)
        #expect(limited.limits.secondsPerDocument == 2.5)
    }

    @Test func shardsPartitionTheInputs() async {
        let inputs = (0..<500).map { "https://example.gov.cn/report-\($0).html" }
        let shards = (0..<4).map { index in inputs.filter { Shard(index: index, count: 4).contains($0) } }
        #expect(shards.map(\.count).reduce(0, +) == inputs.count)
        #expect(Set(shards.flatMap { $0 }).count == inputs.count)
        #expect(shards.allSatisfy { $0.count > 60 })
    }
}
