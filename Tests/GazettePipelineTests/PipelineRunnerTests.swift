import Foundation
import GazetteCore
import GazetteEmit
import GazettePipeline
import GazetteTestSupport
import Testing

/// The work folder: what a re-run takes from it and what it redoes.
@Suite struct PipelineRunnerTests {
    let folder: TemporaryDirectory
    let defaultPipeline: Pipeline

    init() throws {
        folder = try TemporaryDirectory()
        defaultPipeline = try PipelineLoader.load(nil)
    }

    /// Runs the pipeline on the sample (and `extra` inputs) and returns the summary: ran / cached per stage.
    @discardableResult
    private func run(_ pipeline: Pipeline? = nil, policy: RunPolicy = RunPolicy(), extra: [String] = []) async throws -> RunSummary {
        let runner = PipelineRunner(stages: try StageSet(pipeline ?? defaultPipeline),
                                    work: try WorkFolder(root: folder.path("work")), policy: policy, jobs: 2)
        let requests = ([Paths.guangzhouSample.path] + extra).map { FetchRequest(uri: $0) }
        return try await runner.run(requests, into: try OutputWriter(directory: folder.path("out")))
    }

    private func ran(_ summary: RunSummary) -> [String] {
        StageID.allCases.filter { summary.stages[$0.rawValue]!.ran > 0 }.map(\.rawValue)
    }

    private func cached(_ summary: RunSummary) -> [String] {
        StageID.allCases.filter { summary.stages[$0.rawValue]!.cached > 0 }.map(\.rawValue)
    }

    private func pipeline(replacing old: String, with new: String) throws -> Pipeline {
        let text = try Paths.text(Paths.pipelines.appendingPathComponent("gov-disclosure-annual-report.yaml"))
        #expect(text.contains(old))
        return try PipelineLoader.parse(text.replacingOccurrences(of: old, with: new), origin: "edited.yaml",
                                        folder: Paths.pipelines)
    }

    /// Every stage but emit is taken from the work folder; emit flattens the stored report again (its records
    /// cost more to keep than to make), into the same outputs.
    @Test func aSecondIdenticalRunReusesEveryKeptStage() async throws {
        let first = try await run()
        #expect(ran(first) == StageID.allCases.map(\.rawValue))
        let firstOutputs = try ["reports.jsonl", "cells.csv"].map { try Paths.text(folder.path("out/\($0)")) }
        let second = try await run()
        #expect(ran(second) == ["emit"])
        #expect(cached(second) == ["fetch", "decode", "extract", "normalize", "reconstruct"])
        #expect(second.ingested == 1)
        let reports = try Paths.text(folder.path("out/reports.jsonl"))
        #expect(reports.split(separator: "\n").count == 1)
        #expect(try ["reports.jsonl", "cells.csv"].map { try Paths.text(folder.path("out/\($0)")) } == firstOutputs)
    }

    @Test func fromReconstructReusesTheEarlierStages() async throws {
        try await run()
        let summary = try await run(policy: RunPolicy(from: .reconstruct))
        #expect(cached(summary) == ["fetch", "decode", "extract", "normalize"])
        #expect(ran(summary) == ["reconstruct", "emit"])
    }

    @Test func onlyRerunsThatStageAlone() async throws {
        try await run()
        let summary = try await run(policy: RunPolicy(only: .normalize))
        #expect(ran(summary) == ["normalize", "emit"])
        #expect(cached(summary) == ["fetch", "decode", "extract", "reconstruct"])
    }

    @Test func forceRerunsEverything() async throws {
        try await run()
        #expect(ran(try await run(policy: RunPolicy(force: true))) == StageID.allCases.map(\.rawValue))
    }

    @Test func changingAStagesOptionsRerunsThatStageAndThoseAfterIt() async throws {
        try await run()
        let edited = try pipeline(replacing: "family: gov-disclosure-annual-report", with: "family: annual-report-test")
        let summary = try await run(edited)
        #expect(cached(summary) == ["fetch", "decode", "extract", "normalize"])
        #expect(ran(summary) == ["reconstruct", "emit"])
        #expect(try Paths.text(folder.path("out/reports.jsonl")).contains("\"family\":\"annual-report-test\""))
    }

    @Test func aStageWhoseOutputDidNotChangeLetsTheNextStagesReuseTheirCache() async throws {
        try await run()
        // A looser threshold re-runs decode, whose output for this clean UTF-8 file is the same: extract and
        // every kept stage after it are keyed by that output, so they are reused (emit keeps nothing).
        let edited = try pipeline(replacing: "max_invalid_ratio: 0.005", with: "max_invalid_ratio: 0.01")
        let summary = try await run(edited)
        #expect(ran(summary) == ["decode", "emit"])
        #expect(cached(summary) == ["fetch", "extract", "normalize", "reconstruct"])
    }

    @Test func aFailingInputIsAnErrorAndTheRunGoesOn() async throws {
        let summary = try await run(extra: [folder.path("missing.txt").path])
        #expect(summary.inputs == 2)
        #expect(summary.ingested == 1)
        #expect(summary.failed == 1)
        let errors = try Paths.text(folder.path("out/errors.jsonl"))
        let error = try JSONDecoder().decode(ErrorRecord.self, from: Data(errors.utf8))
        #expect(error.stage == .fetch)
        #expect(error.code == "fetch.not-found")
        #expect(error.input.hasSuffix("missing.txt"))
    }

    @Test func aDocumentOverItsTimeLimitFailsAsTooSlowAndTheRunGoesOn() async throws {
        var pipeline = defaultPipeline
        pipeline.limits.secondsPerDocument = 1e-9
        let summary = try await run(pipeline, extra: [Paths.packageRoot.appendingPathComponent("Tests/GazetteReconstructTests/Fixtures/pingtan-2019.txt").path])
        #expect(summary.inputs == 2)
        #expect(summary.failed == 2)
        let errors = try Paths.text(folder.path("out/errors.jsonl")).split(separator: "\n")
            .map { try JSONDecoder().decode(ErrorRecord.self, from: Data($0.utf8)) }
        // Fetch is outside the limit; the first stage inside it finds the time spent.
        #expect(errors.map(\.code) == ["decode.too-slow", "decode.too-slow"])
        #expect(errors.allSatisfy { $0.message.contains("limits.seconds_per_document") })
        // The same documents with the default limit go through: nothing of the failed run was kept as done.
        let again = try await run(extra: [Paths.packageRoot.appendingPathComponent("Tests/GazetteReconstructTests/Fixtures/pingtan-2019.txt").path])
        #expect(again.ingested == 2)
    }
}
