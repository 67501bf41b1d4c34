import Foundation
import GazetteTestSupport
import Testing

@Suite(.serialized) struct ScaleOutTests {
    let folder: TemporaryDirectory

    init() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        folder = try TemporaryDirectory()
        try SampleCorpus.write(24, to: folder.path("inputs"))
    }

    private func lines(_ out: String, _ file: String) throws -> [String] {
        try Paths.text(folder.path("\(out)/\(file)")).split(separator: "\n").map(String.init)
    }

    @Test func theUnionOfShardRunsIsOneFullRun() throws {
        let work = folder.path("work").path
        #expect(try GazetteProcess.run(["run", folder.path("inputs").path, "--out", folder.path("full").path, "--work", work]).status == 0)
        var union: [String] = []
        for shard in 0..<3 {
            let out = "shard-\(shard)"
            #expect(try GazetteProcess.run(["run", folder.path("inputs").path, "--shard", "\(shard)/3", "--out", folder.path(out).path,
                                            "--work", work]).status == 0)
            let reports = try lines(out, "reports.jsonl")
            #expect(!reports.isEmpty, "shard \(shard) is empty; the hash spreads 24 inputs badly")
            union += reports
        }
        let full = try lines("full", "reports.jsonl")
        #expect(union.count == full.count)
        #expect(Set(union) == Set(full))
    }

    @Test func streamAnswersEachLineInOrderAndCountsForHadoop() throws {
        let good = #"{"uri": "\#(folder.path("inputs/r001.txt").path)"}"#
        // Lines of white space alone (spaces, a tab, an ideographic space) are skipped, not answered.
        let input = [good, "", "not json", " \t ", #"{"uri": "/no/such/file.txt"}"#, "\u{3000}", good].joined(separator: "\n") + "\n"
        let result = try GazetteProcess.run(["stream"], stdin: Data(input.utf8), environment: ["mapreduce_task_id": "attempt_1"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 4)
        #expect(lines[0]["agency"] as? String == "广州市人民政府办公厅")
        #expect(lines[1]["code"] as? String == "fetch.bad-request")
        #expect(lines[2]["code"] as? String == "fetch.not-found")
        #expect(lines[3]["id"] as? String == lines[0]["id"] as? String)
        let counters = result.stderr.split(separator: "\n").filter { $0.hasPrefix("reporter:counter:") }
        #expect(counters == ["reporter:counter:gazette,ingested,1", "reporter:counter:gazette,failed,1",
                             "reporter:counter:gazette,failed,1", "reporter:counter:gazette,ingested,1"])
    }

    @Test func auditListsWhatDoesNotReconcile() throws {
        // Two years of the sample, the second carrying over 17 where the first carried forward 18.
        let sample = try Paths.text(Paths.guangzhouSample)
        let inputs = folder.path("years")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data(sample.utf8).write(to: inputs.appendingPathComponent("2020.txt"))
        let next = sample.replacingOccurrences(of: "辦公廳2020年", with: "辦公廳2021年")
            .replacingOccurrences(of: "二、上年結轉政府信息公開申請數量\n20\n1\n0\n0\n0\n0\n21\n", with: "二、上年結轉政府信息公開申請數量\n17\n0\n0\n0\n0\n0\n18\n")
        #expect(next != sample)
        try Data(next.utf8).write(to: inputs.appendingPathComponent("2021.txt"))
        _ = try GazetteProcess.run(["run", inputs.path, "--out", folder.path("years-out").path, "--work", folder.path("work").path])
        for target in ["years-out", "years-out/gazette.sqlite"] {
            let audit = try GazetteProcess.run(["audit", folder.path(target).path])
            #expect(audit.status == 1)
            let findings = audit.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            #expect(findings.count == 1)
            #expect(findings.first?["column"] as? String == "natural")
            #expect(findings.first?["year"] as? Int == 2021)
            #expect(findings.first?["left"] as? Double == 17)
            #expect(findings.first?["right"] as? Double == 18)
        }
    }
}
