import Foundation
import GazetteTestSupport
import Testing

/// Inputs the fuzzers (or their reviewers) found hurtful, kept in Tests/FuzzRegressions/ (they also seed
/// `make fuzz`): each must end as a record or an error with its code, quickly, and keep what it holds.
@Suite struct FuzzRegressionTests {
    @Test func everyRegressionInputEndsAsARecordOrAnError() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        let folder = try TemporaryDirectory()
        let inputs = Paths.packageRoot.appendingPathComponent("Tests/FuzzRegressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: inputs.path).filter { !$0.hasPrefix(".") }
        let result = try GazetteProcess.run(["run", inputs.path, "--out", folder.path("out").path,
                                             "--work", folder.path("work").path])
        #expect(!result.stderr.contains("Fatal"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("out/run.json"))) as! [String: Any]
        #expect(summary["inputs"] as? Int == files.count)
        #expect((summary["ingested"] as? Int ?? 0) + (summary["failed"] as? Int ?? 0) == files.count)

        var reports: [String: [String: Any]] = [:]
        for line in try Paths.text(folder.path("out/reports.jsonl")).split(separator: "\n") {
            let report = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let uri = (report["source"] as! [String: Any])["uri"] as! String
            reports[URL(fileURLWithPath: uri).lastPathComponent] = report
        }

        // A 60-digit run where a row's seven values belong: millions of cuts. The row is reported as unreadable
        // (kept raw), the other rows of the table are read as published.
        let long = try #require(reports["run-together-60-digits.txt"])
        let diagnostics = long["diagnostics"] as! [[String: Any]]
        #expect(diagnostics.contains { $0["code"] as? String == "reconstruct.row-width"
            && ($0["message"] as? String ?? "").contains("二、上年结转政府信息公开申请数量") })
        let applications = try #require((long["tables"] as! [[String: Any]]).first { $0["key"] as? String == "applications" })
        let rows = applications["rows"] as! [[String: Any]]
        let newRequests = try #require(rows.first { $0["key"] as? String == "new" })
        #expect((newRequests["cells"] as! [[String: Any]]).map { $0["value"] as? Double } == [23, 0, 0, 0, 0, 0, 23])
        let carried = try #require(rows.first { $0["key"] as? String == "carried_over" })
        #expect((carried["cells"] as! [[String: Any]]).first?["raw"] as? String == String(repeating: "1234567891", count: 6))
    }
}
