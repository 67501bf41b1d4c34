import Foundation
import GazetteTestSupport
import Testing

/// `gazette run` against a loopback server (Support/report_server.py) serving the sample in several
/// encodings and misbehaving in every way government sites do: each URL ends as a report or as an error
/// with the right code.
@Suite(.serialized) struct HTTPFetchTests {
    final class ReportServer: @unchecked Sendable {
        let process = Process()
        let base: String

        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/report_server.py").path,
                                 Paths.guangzhouSample.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let port = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            base = "http://127.0.0.1:\(port)"
        }

        /// Every response the server sent: path, status, User-Agent. Read with curl: Foundation's blocking
        /// URL loading is not for a test's async context.
        func log() throws -> [[String]] {
            let curl = try GazetteProcess.command(URL(fileURLWithPath: "curl"), ["-s", base + "/_log"])
            return (try JSONSerialization.jsonObject(with: Data(curl.stdout.utf8)) as! [[Any]]).map { $0.map { "\($0)" } }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    let folder: TemporaryDirectory
    let server: ReportServer
    let pipeline: URL

    init() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        folder = try TemporaryDirectory()
        server = try ReportServer()
        pipeline = folder.path("fast.yaml")
        // Short timeouts and backoff so the misbehaving URLs fail fast; no politeness delay on loopback.
        try Data("""
            name: http-test
            stages:
              fetch:
                retries: 2
                retry_base_seconds: 0.05
                read_timeout_seconds: 1
                total_timeout_seconds: 3
                per_host_delay_seconds: 0
                max_bytes: 1000000

            """.utf8).write(to: pipeline)
    }

    private func run(_ paths: [String], out: String) throws -> GazetteProcess.Result {
        try GazetteProcess.run(["run"] + paths.map { server.base + $0 }
            + ["--pipeline", pipeline.path, "--out", folder.path(out).path, "--work", folder.path("work").path],
                               in: Paths.packageRoot)
    }

    private func lines(_ file: String) throws -> [[String: Any]] {
        try Paths.text(folder.path(file)).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func everyURLEndsAsAReportOrAnExplainedError() throws {
        let good = ["/utf8.txt", "/gb18030-no-charset.html", "/big5.txt", "/gzip.txt", "/flaky", "/limited", "/moved", "/etag"]
        let bad = ["/missing": "fetch.not-found", "/forbidden": "fetch.http-status", "/always-500": "fetch.server-error",
                   "/slow": "fetch.timeout", "/loop-a": "fetch.redirect", "/to-file": "fetch.unsupported-scheme",
                   "/bomb": "fetch.too-large"]
        let result = try run(good + bad.keys.sorted(), out: "out")
        #expect(result.status == 1)

        let reports = try lines("out/reports.jsonl")
        #expect(reports.map { ($0["source"] as! [String: Any])["uri"] as! String } == good.map { server.base + $0 })
        for report in reports {
            #expect(report["agency"] as? String == "广州市人民政府办公厅")
            #expect((report["tables"] as! [Any]).count == 7)
        }
        let encodings = reports.map { ($0["encoding"] as! [String: Any])["name"] as! String }
        #expect(encodings == ["UTF-8", "GB18030", "BIG5-HKSCS", "UTF-8", "UTF-8", "UTF-8", "UTF-8", "UTF-8"])
        let errors = try lines("out/errors.jsonl")
        var codes: [String: String] = [:]
        for error in errors { codes[String((error["input"] as! String).dropFirst(server.base.count))] = error["code"] as? String }
        #expect(codes == bad)

        let log = try server.log()
        #expect(log.allSatisfy { $0[2].hasPrefix("Gazette/") })
        #expect(log.filter { $0[0] == "/flaky" }.map { $0[1] } == ["500", "200"])
        #expect(log.filter { $0[0] == "/limited" }.map { $0[1] } == ["429", "200"])
        #expect(log.filter { $0[0] == "/forbidden" }.count == 1, "a 4xx other than 429 is never retried")
        #expect(log.filter { $0[0] == "/always-500" }.count == 3)
    }

    /// A web archive written by real wget (`--warc-file`, gzip a member per record, and plain): every page
    /// read as the server sent it (UTF-8, GB18030 with its charset only in <meta>, GBK and Big5 with only a
    /// header charset, a gzip body), the redirect's final page a document and the redirect itself not, the 404 an
    /// error line; request, metadata and warcinfo records skipped.
    @Test(arguments: [true, false])
    func aWgetWebArchiveGivesEveryPageItHolds(compressed: Bool) throws {
        let paths = ["/utf8.txt", "/gb18030-no-charset.html", "/gbk-header.txt", "/big5.txt", "/gzip.txt", "/missing", "/moved"]
        let archive = folder.path(compressed ? "crawl" : "plain")
        let wget = try GazetteProcess.command(URL(fileURLWithPath: "wget"),
                                              ["-q", "--warc-file=\(archive.path)", "-O", "/dev/null"]
                                                + (compressed ? [] : ["--no-warc-compression"]) + paths.map { server.base + $0 })
        #expect(wget.status == 8, "wget: \(wget.stderr)")   // 8: the server answered an error (the 404)
        let file = archive.path + (compressed ? ".warc.gz" : ".warc")
        let result = try GazetteProcess.run(["run", file, "--out", folder.path("warc-out").path, "--no-work"])
        #expect(result.status == 1)
        let reports = try lines("warc-out/reports.jsonl")
        let errors = try lines("warc-out/errors.jsonl")
        let urls = reports.map { ($0["source"] as! [String: Any])["url"] as? String ?? "" }
        #expect(urls == ["/utf8.txt", "/gb18030-no-charset.html", "/gbk-header.txt", "/big5.txt", "/gzip.txt", "/utf8.txt"]
                    .map { server.base + $0 })
        for report in reports {
            #expect((report["tables"] as! [[String: Any]]).count >= 6, "\(report["source"] ?? "")")
            #expect(report["agency"] as? String == "广州市人民政府办公厅")
        }
        let encodings = reports.map { ($0["encoding"] as! [String: Any])["name"] as? String ?? "" }
        #expect(encodings[1].uppercased().hasPrefix("GB"), "\(encodings)")
        #expect(encodings[2].uppercased().hasPrefix("GB"), "\(encodings)")
        #expect(encodings[3].uppercased().hasPrefix("BIG5"), "\(encodings)")
        // The header's charset is what decode was told (method "header"), for the pages that only say it there.
        #expect(reports.map { ($0["encoding"] as! [String: Any])["method"] as? String }[2...3] == ["header", "header"])
        #expect(errors.count == 1)
        #expect(errors.first?["code"] as? String == "fetch.http-status")
        #expect((errors.first?["message"] as? String)?.contains("404") == true)
        #expect((errors.first?["input"] as? String)?.hasPrefix(file + "#record=") == true)
    }

    @Test func aSecondRunRevalidatesAndReusesWhatDidNotChange() throws {
        _ = try run(["/etag"], out: "first")
        let second = try run(["/etag"], out: "second")
        #expect(second.status == 0)
        #expect(try server.log().filter { $0[0] == "/etag" }.map { $0[1] } == ["200", "304"])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("second/run.json"))) as! [String: Any]
        let stages = summary["stages"] as! [String: [String: Any]]
        // Every kept stage is reused; emit flattens the stored report again (its records are not kept).
        #expect(stages.filter { $0.key != "emit" }.values.allSatisfy { ($0["cached"] as! Int) == 1 && ($0["ran"] as! Int) == 0 })
        #expect(stages["emit"]?["ran"] as? Int == 1)
        #expect(try Paths.text(folder.path("second/reports.jsonl")) == (try Paths.text(folder.path("first/reports.jsonl"))))
    }
}
