import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// `kill -9` at any moment, then the same command again: the outputs equal those of a run that was never
/// interrupted, every document exactly once.
@Suite(.serialized) struct CrashSafetyTests {
    let folder: TemporaryDirectory

    init() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        folder = try TemporaryDirectory()
        // Several hundred distinct reports, some empty (they fail).
        try SampleCorpus.write(200, to: folder.path("inputs"), prefix: "report-", empty: { $0 % 50 == 7 })
    }

    private func command(out: String, work: String) -> [String] {
        ["run", folder.path("inputs").path, "--out", folder.path(out).path, "--work", folder.path(work).path, "--jobs", "2"]
    }

    private func outputs(_ out: String) throws -> [String] {
        try ["reports.jsonl", "cells.csv", "errors.jsonl"].map { try Paths.text(folder.path("\(out)/\($0)")) }
    }

    @Test func aRunKilledMidwayFinishesOnTheSameCommandWithTheSameOutputs() throws {
        let whole = try GazetteProcess.run(command(out: "whole", work: "whole-work"))
        #expect(whole.status == 1)   // the empty inputs fail, the rest are ingested

        // Start the same run elsewhere and kill it once a good part of the documents is done.
        let process = Process()
        process.executableURL = GazetteProcess.executable
        process.arguments = command(out: "killed", work: "killed-work")
        process.standardError = FileHandle.nullDevice
        try process.run()
        let work = folder.path("killed-work")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            // The work folder is opened once the run has made it (opening it first would make it here).
            let database = work.appendingPathComponent(WorkFolder.databaseName)
            if FileManager.default.fileExists(atPath: database.path),
               let done = try? WorkFolder(root: work).count(.reconstruct), done >= 80 { break }
            usleep(20_000)
        }
        #expect(process.isRunning, "the run finished before it could be killed; make the input larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        // A killed run leaves no outputs of its own behind: the folder holds nothing torn.
        #expect(!FileManager.default.fileExists(atPath: folder.path("killed/reports.jsonl").path))

        let resumed = try GazetteProcess.run(command(out: "killed", work: "killed-work"))
        #expect(resumed.status == 1)
        #expect(try outputs("killed") == (try outputs("whole")))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("killed/run.json"))) as! [String: Any]
        #expect(summary["inputs"] as? Int == 200)
        #expect(summary["ingested"] as? Int == 196)
        #expect(summary["failed"] as? Int == 4)
        // The documents finished before the kill were not redone (emit's records are not kept: it runs for all).
        let reconstruct = (summary["stages"] as! [String: [String: Any]])["reconstruct"]!
        #expect((reconstruct["cached"] as! Int) >= 80)
        #expect((reconstruct["ran"] as! Int) + (reconstruct["cached"] as! Int) == 196)
    }
}
