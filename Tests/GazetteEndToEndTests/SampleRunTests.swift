import Foundation
import GazetteTestSupport
import Testing

/// The built `gazette`, run as a user runs it, on `Samples/`; its whole output pinned by goldens.
@Suite(.serialized) struct SampleRunTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does): \(GazetteProcess.executable.path)")
    }

    private func gazette(_ arguments: [String]) throws -> GazetteProcess.Result {
        try GazetteProcess.run(arguments, in: Paths.packageRoot)
    }

    @Test func runOnSamplesWritesTheGoldenOutput() async throws {
        let out = folder.path("out").path
        let result = try gazette(["run", "Samples/", "--out", out, "--work", folder.path("work").path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("reports.jsonl"))

        let reports = try Paths.text(folder.path("out/reports.jsonl"))
        let lines = reports.split(separator: "\n")
        #expect(lines.count == 1)
        // Pretty-printed with sorted keys, so a change to the report reads as a reviewable diff.
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(lines[0].utf8)),
                                                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try expectGolden(String(decoding: pretty, as: UTF8.self) + "\n", named: "guangzhou/report.json")
        try expectGolden(try Paths.text(folder.path("out/cells.csv")), named: "guangzhou/cells.csv")
        #expect(try Paths.text(folder.path("out/errors.jsonl")) == "")
        try expectGolden(try runSummaryWithoutTimings(), named: "guangzhou/run.json")
    }

    /// A one-off run keeps no work folder and writes the same outputs; re-running a stage needs one.
    @Test func aRunWithNoWorkFolderWritesTheSameOutputs() async throws {
        let work = folder.path("kept-work")
        #expect(try gazette(["run", "Samples/", "--out", folder.path("kept").path, "--work", work.path]).status == 0)
        let result = try gazette(["run", "Samples/", "--out", folder.path("unkept").path, "--no-work",
                                  "--work", folder.path("unused-work").path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("unused-work").path))
        for name in ["reports.jsonl", "cells.csv", "errors.jsonl"] {
            #expect(try Paths.text(folder.path("unkept/\(name)")) == (try Paths.text(folder.path("kept/\(name)"))), "\(name)")
        }
        let rerun = try gazette(["run", "Samples/", "--out", folder.path("again").path, "--no-work", "--only", "emit"])
        #expect(rerun.status == 64)
        #expect(rerun.stderr.contains("--no-work"))
    }

    @Test func showPrintsTheTablesAsGrids() async throws {
        let result = try gazette(["show", "Samples/guangzhou-2020-general-office.zh-Hant.txt", "--work", folder.path("work").path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        try expectGolden(result.stdout, named: "guangzhou/show.txt")
    }

    @Test func aRunWithAFailedInputExitsWithOneAndStillWritesTheRest() async throws {
        let missing = folder.path("missing.html").path
        let result = try gazette(["run", "Samples/", missing, "--out", folder.path("out").path, "--work", folder.path("work").path])
        #expect(result.status == 1)
        let errors = try Paths.text(folder.path("out/errors.jsonl"))
        #expect(errors.contains("\"code\":\"fetch.not-found\""))
        #expect(errors.contains(missing))
        #expect(try Paths.text(folder.path("out/reports.jsonl")).split(separator: "\n").count == 1)
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("out/run.json"))) as! [String: Any]
        #expect(run["inputs"] as? Int == 2)
        #expect(run["ingested"] as? Int == 1)
        #expect(run["failed"] as? Int == 1)
    }

    @Test func aBadPipelineExitsWith64AndWritesNothing() async throws {
        let pipeline = folder.path("bad.yaml")
        try Data("name: bad\nstages:\n  extract:\n    colour: blue\n".utf8).write(to: pipeline)
        let out = folder.path("out")
        let result = try gazette(["run", "Samples/", "--pipeline", pipeline.path, "--out", out.path, "--work", folder.path("work").path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("bad.yaml: unknown key 'stages.extract.colour'"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func noInputsIsAUsageError() async throws {
        #expect(try gazette(["run"]).status == 64)
    }

    @Test func pipelinesListsTheDefault() async throws {
        let result = try gazette(["pipelines"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("gov-disclosure-annual-report (default)"))
    }

    @Test func stagesChainAsJSONInJSONOut() async throws {
        let request = Data(#"{"uri": "Samples/guangzhou-2020-general-office.zh-Hant.txt"}"#.utf8)
        var artifact = request
        for stage in ["fetch", "decode", "extract", "normalize", "reconstruct"] {
            let result = try GazetteProcess.run(["stage", stage], stdin: artifact, in: Paths.packageRoot)
            #expect(result.status == 0, "\(stage): \(result.stderr)")
            artifact = Data(result.stdout.utf8)
        }
        let report = try JSONSerialization.jsonObject(with: artifact) as! [String: Any]
        #expect(report["template"] as? String == "2019")
        #expect(report["agency"] as? String == "广州市人民政府办公厅")
    }

    private func runSummaryWithoutTimings() throws -> String {
        var run = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("out/run.json"))) as! [String: Any]
        var stages = run["stages"] as! [String: [String: Any]]
        for key in stages.keys { stages[key]!["seconds"] = nil }
        run["stages"] = stages
        let data = try JSONSerialization.data(withJSONObject: run, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
