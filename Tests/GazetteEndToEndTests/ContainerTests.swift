import Foundation
import GazetteTestSupport
import Testing

/// Crawler exports as inputs (issue 16): each record of a CSV, TSV, JSON Lines or JSON-array container is a
/// document of its own, with the record's title, date, site and URL as evidence; a bad record is an error of
/// its own and the others go on.
@Suite struct ContainerTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does): \(GazetteProcess.executable.path)")
    }

    private static let hebei = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/crawler-export-hebei-kjt.csv")

    private func run(_ arguments: [String], out: String) throws -> (status: Int32, reports: [[String: Any]], errors: [[String: Any]]) {
        let result = try GazetteProcess.run(["run"] + arguments + ["--out", folder.path(out).path, "--no-work"])
        func lines(_ name: String) throws -> [[String: Any]] {
            try Paths.text(folder.path("\(out)/\(name)")).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
        return (result.status, try lines("reports.jsonl"), try lines("errors.jsonl"))
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = folder.path(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The real export: nine years of one agency's reports and two website-work pages, one document a row.
    @Test func aCrawlerExportGivesOneReportPerRow() throws {
        let (status, reports, errors) = try run([Self.hebei.path], out: "hebei")
        #expect(status == 1)   // the two website-work rows have no content
        #expect(reports.count == 9)
        #expect(errors.map { $0["input"] as? String } == [2, 3].map { "\(Self.hebei.path)#record=\($0)" })
        #expect(errors.allSatisfy { $0["code"] as? String == "decode.empty" })
        #expect((errors.first?["message"] as? String)?.contains("record 2 of \(Self.hebei.path) has no content (its title: 河北省科学技术厅2023年政府网站工作年度报表)") == true,
                "\(errors.first ?? [:])")
        func source(_ report: [String: Any]) -> [String: Any] { report["source"] as! [String: Any] }
        let numbers = reports.map { (source($0)["record"] as! [String: Any])["number"] as! Int }
        #expect(numbers == [1, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(reports.map { $0["year"] as? Int } == [2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, nil])
        #expect(reports.prefix(8).allSatisfy { ($0["agency"] as? String)?.hasPrefix("河北省科") == true })
        #expect(reports[0]["title"] as? String == "河北省科学技术厅2023年政府信息公开工作年度报")
        #expect(reports[0]["published"] as? String == "2024-01-29")
        #expect((source(reports[0])["url"] as? String)?.hasPrefix("https://kjt.hebei.gov.cn/") == true)
        let record = source(reports[0])["record"] as! [String: Any]
        #expect(record["container"] as? String == Self.hebei.path)
        #expect((record["fields"] as? [String: String])?["来源网站"] != nil)
        #expect((record["fields"] as? [String: String])?["内容"] == nil)   // the content is the document, not a field

        func tables(_ report: [String: Any]) -> [[String: Any]] { report["tables"] as! [[String: Any]] }
        func checks(_ report: [String: Any]) -> [[String: Any]] { tables(report).flatMap { $0["checks"] as! [[String: Any]] } }
        // 2023 and 2021: all three kinds of template table, every identity holding.
        for report in [reports[0], reports[2]] {
            let keys = Set(tables(report).map { $0["key"] as! String })
            #expect(keys.isSuperset(of: ["active.item1", "applications", "appeals"]), "\(keys)")
            #expect(report["template"] as? String == "2021")
            #expect(checks(report).count >= 40)
            #expect(checks(report).allSatisfy { $0["ok"] as? Bool == true })
        }
        // 2022 prints its applications total row as `（七）总计20000011` (natural persons 2, total 11) after
        // rows that sum to 11: the identities say so, and nothing else fails.
        let failed2022 = checks(reports[1]).filter { $0["ok"] as? Bool == false }
        #expect(failed2022.count == 3)
        #expect(failed2022.allSatisfy { ($0["rule"] as? String)?.hasPrefix("applications.") == true })
        // 2020: tables 三 and 四 are sentences, said with their line.
        let stated = (reports[3]["diagnostics"] as! [[String: Any]]).filter { $0["code"] as? String == "reconstruct.table-stated-in-text" }
        #expect(stated.count == 2)
        #expect(stated.allSatisfy { ($0["line"] as? Int ?? 0) > 0 && ($0["message"] as? String)?.contains("2020年") == true })
        // 2016–2018: before the template.
        for report in reports[5...7] {
            #expect(report["family"] as? String == "generic")
            #expect((report["diagnostics"] as! [[String: Any]]).contains {
                $0["code"] as? String == "reconstruct.no-template-tables" && ($0["message"] as? String)?.contains("before the national template") == true
            })
        }
        // No row's values leak into another's: each report's cells come from its own lines, and the new
        // applications of 2023, 2022 and 2021 are the ones each text prints.
        func newApplications(_ report: [String: Any]) -> Double? {
            let applications = tables(report).first { $0["key"] as? String == "applications" }
            let row = (applications?["rows"] as? [[String: Any]])?.first { $0["key"] as? String == "new" }
            return ((row?["cells"] as? [[String: Any]])?.first { $0["column"] as? String == "total" })?["value"] as? Double
        }
        let text = try Paths.text(Self.hebei)
        #expect(text.contains("一、本年新收政府信息公开申请数量110000011"))
        #expect(newApplications(reports[1]) == 11)
        #expect(Set([newApplications(reports[0]), newApplications(reports[1]), newApplications(reports[2])]).count >= 2)
    }

    /// `--shard` splits a container's records between machines; the work folder keeps each record's stages.
    @Test func shardsSplitRecordsAndTheWorkFolderKeepsThem() throws {
        var uris: [String] = []
        for shard in ["0/2", "1/2"] {
            let result = try GazetteProcess.run(["run", Self.hebei.path, "--shard", shard, "--out", folder.path("shard-\(shard.first!)").path,
                                                 "--work", folder.path("work").path])
            #expect(result.status <= 1)
            uris += try Paths.text(folder.path("shard-\(shard.first!)/reports.jsonl")).split(separator: "\n").map {
                ((try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["source"] as! [String: Any])["uri"] as! String
            }
        }
        #expect(uris.count == 9)
        #expect(Set(uris) == Set([1, 4, 5, 6, 7, 8, 9, 10, 11].map { "\(Self.hebei.path)#record=\($0)" }))
        // A second whole run finds every record's reconstruct output in the shared work folder.
        _ = try GazetteProcess.run(["run", Self.hebei.path, "--out", folder.path("again").path, "--work", folder.path("work").path])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("again/run.json"))) as! [String: Any]
        let reconstruct = (summary["stages"] as! [String: [String: Any]])["reconstruct"]!
        #expect(reconstruct["cached"] as? Int == 9)
        #expect(reconstruct["ran"] as? Int == 0)
    }

    /// RFC 4180 in full (quoted commas, quotes, line breaks, CRLF, a BOM), GB18030 bytes, TSV, JSON Lines and a
    /// JSON array: every record read, the title and URL taken from the fields crawlers name.
    @Test func everyContainerFormIsRead() throws {
        let sample = try Paths.text(Paths.guangzhouSample)
        let quoted = "\"" + sample.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let csv = "\u{FEFF}标题,发布日期,正文,链接\r\n\"某局2020年报告, 第一版\",2021-01-05,\(quoted),https://example.gov.cn/a\r\n"
            + "\"说\"\"明\"\"\",2021-01-06,\"第二条\r\n正文\",https://example.gov.cn/b\r\n"
        let gb18030 = try Encodings.encode("title,content\n某局报告,\"\(sample.replacingOccurrences(of: "\"", with: "\"\""))\"\n", as: "GB18030")
        try gb18030.write(to: folder.path("gb.csv"))
        let json = { (value: Any) in String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        let inputs = [
            try write("export.csv", csv),
            folder.path("gb.csv").path,
            try write("export.tsv", "title\ttext\n某局\t\(sample.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))\n"),
            try write("export.jsonl", json(["title": "某局", "content": sample, "url": "https://example.gov.cn/c", "views": 12]) + "\n\n"
                      + json(["title": "二", "html": "<html><body><p>一、总体情况</p><p>正文</p></body></html>"]) + "\n"),
            try write("export.json", "[" + json(["标题": "一", "内容": sample]) + " , " + json(["标题": "二", "内容": "正文"]) + "]"),
        ]
        let (status, reports, errors) = try run(inputs, out: "forms")
        #expect(errors.isEmpty, "\(errors)")
        #expect(status == 0)
        let uris = reports.map { ($0["source"] as! [String: Any])["uri"] as! String }
        #expect(uris == [inputs[0] + "#record=1", inputs[0] + "#record=2", inputs[1] + "#record=1", inputs[2] + "#record=1",
                         inputs[3] + "#record=1", inputs[3] + "#record=2", inputs[4] + "#record=1", inputs[4] + "#record=2"])
        // The sample's tables come out of every form that holds it whole (the TSV flattens its lines).
        for index in [0, 2, 4, 6] {
            #expect((reports[index]["tables"] as! [[String: Any]]).count >= 6, "\(uris[index])")
        }
        // The content's own title comes first; a record's title stands in where the content has none.
        #expect(reports[0]["title"] as? String == "广州市人民政府办公厅2020年政府信息公开工作年度报告")
        #expect(reports[1]["title"] as? String == "说\"明\"")
        #expect(reports[0]["published"] as? String == "2021-01-05")
        #expect((reports[0]["source"] as! [String: Any])["url"] as? String == "https://example.gov.cn/a")
        #expect(((reports[4]["source"] as! [String: Any])["record"] as! [String: Any])["fields"] as? [String: String]
                == ["title": "某局", "url": "https://example.gov.cn/c", "views": "12"])
        #expect(((reports[5]["encoding"] as! [String: Any])["name"] as? String) == "UTF-8")
    }

    /// A broken record is an error with its number; the records around it are read.
    @Test func badRecordsAreErrorsOfTheirOwn() throws {
        let inputs = [
            try write("lines.jsonl", "{\"content\": \"一、总体情况\\n正文\"}\n{\"content\": broken\n{\"content\": \"二、正文\"}\n"),
            try write("array.json", "[{\"content\": \"一\"}, {\"content\": nope}, {\"content\": \"三\"}]"),
            try write("unbalanced.csv", "title,content\n一,正文一\n二,\"正文二 never closed\n三,正文三\n"),
            try write("wide.csv", "title,content\n一,正文,extra\n二,正文二\n"),
            try write("notes.csv", "这是一份报告，不是表格。\n一、总体情况\n"),
            try write("nocontent.csv", "标题,链接\n一,https://example.gov.cn\n"),
        ]
        let (status, reports, errors) = try run(inputs, out: "bad")
        #expect(status == 1)
        let failed = errors.map { "\($0["input"] as! String) \($0["code"] as! String)" }
        #expect(failed == ["\(inputs[0])#record=2 fetch.bad-record", "\(inputs[1])#record=2 fetch.bad-record",
                           "\(inputs[2])#record=2 fetch.bad-record", "\(inputs[3])#record=1 fetch.bad-record",
                           "\(inputs[5]) fetch.no-content-field"])
        #expect(errors.allSatisfy { ($0["message"] as? String)?.contains("record") == true || $0["code"] as? String == "fetch.no-content-field" })
        let read = reports.map { ($0["source"] as! [String: Any])["uri"] as! String }
        #expect(read == ["\(inputs[0])#record=1", "\(inputs[0])#record=3", "\(inputs[1])#record=1", "\(inputs[1])#record=3",
                         "\(inputs[2])#record=1", "\(inputs[3])#record=2", inputs[4]])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("bad/run.json"))) as! [String: Any]
        #expect(summary["inputs"] as? Int == reports.count + errors.count)
    }

    /// gzip-compressed containers, inflated as they are read: every member of a multi-member file; a file cut
    /// short is an error in the record it cut, the records before it read.
    @Test func compressedContainers() throws {
        let sample = try Paths.text(Paths.guangzhouSample)
        let json = { (value: Any) in String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        func gzip(_ text: String) throws -> Data {
            let plain = folder.path("plain-\(UUID().uuidString)")
            try Data(text.utf8).write(to: plain)
            #expect(try GazetteProcess.command(URL(fileURLWithPath: "gzip"), ["-n", plain.path]).status == 0)
            return try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))
        }
        // Two members, one record each, as `cat a.gz b.gz` writes them.
        let members = try gzip(json(["title": "一", "content": sample]) + "\n") + gzip(json(["title": "二", "content": "正文二"]) + "\n")
        try members.write(to: folder.path("export.jsonl.gz"))
        // A CSV whose second record is cut inside: the compressed bytes end early.
        let csv = try gzip("title,content\n一,\"\(sample.replacingOccurrences(of: "\"", with: "\"\""))\"\n二,\"\(String(repeating: "正文", count: 20000))\"\n")
        try csv.prefix(csv.count - 200).write(to: folder.path("cut.csv.gz"))
        let (status, reports, errors) = try run([folder.path("export.jsonl.gz").path, folder.path("cut.csv.gz").path], out: "gz")
        #expect(status == 1)
        let uris = reports.map { ($0["source"] as! [String: Any])["uri"] as! String }
        #expect(uris == [folder.path("export.jsonl.gz").path + "#record=1", folder.path("export.jsonl.gz").path + "#record=2",
                         folder.path("cut.csv.gz").path + "#record=1"])
        #expect((reports[0]["tables"] as! [[String: Any]]).count >= 6)
        #expect((reports[2]["tables"] as! [[String: Any]]).count >= 6)
        #expect(errors.map { $0["input"] as? String } == [folder.path("cut.csv.gz").path + "#record=2"])
        #expect(errors.first?["code"] as? String == "fetch.bad-record")
        #expect((errors.first?["message"] as? String)?.contains("truncated") == true)
    }

    /// `gazette stream`: a line naming a container answers with a line for each record, in order, before the
    /// next line's answer.
    @Test func streamAnswersEachRecordOfAContainer() throws {
        let input = """
            {"uri": "\(Self.hebei.path)"}
            {"uri": "\(Paths.guangzhouSample.path)"}

            """
        let result = try GazetteProcess.run(["stream"], stdin: Data(input.utf8))
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 12)
        let names = lines.map { ($0["source"] as? [String: Any])?["uri"] as? String ?? $0["input"] as? String ?? "" }
        #expect(names == (1...11).map { "\(Self.hebei.path)#record=\($0)" } + [Paths.guangzhouSample.path])
        #expect(lines[1]["code"] as? String == "decode.empty")
    }

    /// A WARC written by hand where wget writes none: a revisit record resolved to the earlier payload with
    /// its digest, one whose payload is not in the file, a chunked body, and a last record whose
    /// Content-Length runs past the end of the file.
    @Test func webArchiveRevisitsAndDamage() throws {
        let sample = try Paths.text(Paths.guangzhouSample)
        func record(_ type: String, _ uri: String, _ block: String, digest: String? = nil, length: Int? = nil) -> String {
            let bytes = block.utf8.count
            return "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\n"
                + (digest.map { "WARC-Payload-Digest: \($0)\r\n" } ?? "")
                + "Content-Length: \(length ?? bytes)\r\n\r\n\(block)\r\n\r\n"
        }
        let body = sample
        let chunked = "\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n0\r\n\r\n"
        let archive = record("warcinfo", "", "software: hand\r\n")
            + record("response", "https://example.gov.cn/a", "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body)",
                     digest: "sha1:AAAA")
            + record("revisit", "https://example.gov.cn/b", "HTTP/1.1 200 OK\r\n\r\n", digest: "sha1:AAAA")
            + record("revisit", "https://example.gov.cn/c", "HTTP/1.1 200 OK\r\n\r\n", digest: "sha1:ZZZZ")
            + record("response", "https://example.gov.cn/d",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(chunked)")
            + record("response", "https://example.gov.cn/e", "HTTP/1.1 200 OK\r\n\r\nshort", length: 5000)
        let path = try write("hand.warc", archive)
        let (status, reports, errors) = try run([path], out: "warc")
        #expect(status == 1)
        #expect(reports.map { ($0["source"] as! [String: Any])["url"] as? String } == ["a", "b", "d"].map { "https://example.gov.cn/\($0)" })
        #expect(reports.allSatisfy { ($0["tables"] as! [[String: Any]]).count >= 6 })
        #expect(errors.map { "\($0["input"] as! String) \($0["code"] as! String)" }
                == ["\(path)#record=4 fetch.revisit-not-found", "\(path)#record=6 fetch.bad-record"])
        #expect((errors.last?["message"] as? String)?.contains("runs past the end") == true)
        // Under a small max_bytes the large records are passed over unread, each an error (so the revisit of
        // the first finds no payload); the rest go on.
        let small = folder.path("small.yaml")
        try Data("name: small\nstages:\n  fetch:\n    max_bytes: 2000\n".utf8).write(to: small)
        let (_, smallReports, smallErrors) = try run([path, "--pipeline", small.path], out: "warc-small")
        #expect(smallReports.isEmpty)
        #expect(smallErrors.map { $0["code"] as? String }
                == ["fetch.too-large", "fetch.revisit-not-found", "fetch.revisit-not-found", "fetch.too-large", "fetch.bad-record"])
    }

    /// A `.warc.gz` written by the warcio package (PyPI; `make test` installs it): its revisit record, made
    /// by warcio with the payload digest it computed, is the earlier page; the 404 is an error.
    @Test func aWarcioArchiveWithARevisit() throws {
        let archive = folder.path("py.warc.gz")
        let script = Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/warcio_archive.py")
        let made = try GazetteProcess.command(URL(fileURLWithPath: "python3"), [script.path, Paths.guangzhouSample.path, archive.path])
        try #require(made.status == 0, "warcio_archive.py failed (warcio comes with `make test`): \(made.stderr)")
        let (status, reports, errors) = try run([archive.path], out: "warcio")
        #expect(status == 1)
        #expect(reports.map { ($0["source"] as! [String: Any])["url"] as? String }
                == ["https://example.gov.cn/2020.txt", "https://example.gov.cn/2020-copy.txt"])
        #expect(reports.allSatisfy { (($0["encoding"] as! [String: Any])["name"] as? String) == "GB18030" })
        #expect(reports.allSatisfy { ($0["tables"] as! [[String: Any]]).count >= 6 })
        #expect(reports[0]["tables"] as? NSArray == reports[1]["tables"] as? NSArray)
        #expect(errors.map { $0["code"] as? String } == ["fetch.http-status"])
    }

    /// A container is read a record at a time: a 1 GB JSON Lines export runs in the memory of a 10 MB one.
    /// Most of its records are 256 KB pages over the pipeline's `max_bytes` (read whole, then refused at once,
    /// so the test stays fast); every 25th is the sample, read through every stage. Not larger pages: glibc keeps
    /// freed buffers of that size in its per-thread arenas, and how many depends on the threads' timing, so with
    /// 1 MB pages a loaded machine (CI) added some 8 MB to the 1 GB run's peak and nothing to the 10 MB one's,
    /// whose ten pages never reach that steady state. The 10 MB container holds forty of these.
    @Test func aGigabyteContainerRunsInTheMemoryOfASmallOne() throws {
        let sample = try Paths.text(Paths.guangzhouSample)
        let json = { (value: Any) in Data(try! JSONSerialization.data(withJSONObject: value)) + Data("\n".utf8) }
        let page = json(["title": "某局", "content": String(repeating: "正文内容，", count: 1 << 18 / 15)])
        let report = json(["title": "某局", "content": sample])
        func container(_ name: String, bytes: Int) throws -> (path: String, records: Int) {
            let url = folder.path(name)
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            var written = 0, records = 0
            while written < bytes {
                let record = records % 25 == 0 ? report : page
                handle.write(record)
                written += record.count
                records += 1
            }
            try handle.close()
            return (url.path, records)
        }
        let pipeline = folder.path("small-pages.yaml")
        try Data("name: container-test\nstages:\n  fetch:\n    max_bytes: 200000\n".utf8).write(to: pipeline)
        func peakKilobytes(_ input: String, out: String) throws -> Int {
            let timed = try GazetteProcess.command(URL(fileURLWithPath: "/usr/bin/time"),
                                                   ["-f", "peak %M", GazetteProcess.executable.path, "run", input, "--pipeline", pipeline.path,
                                                    "--out", folder.path(out).path, "--no-work", "--jobs", "2"])
            #expect(timed.status == 1, "\(timed.stderr.suffix(500))")
            let line = try #require(timed.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") })
            return try #require(Int(line.dropFirst(5)))
        }
        let small = try container("small.jsonl", bytes: 10 << 20)
        let large = try container("large.jsonl", bytes: 1 << 30)
        let smallPeak = try peakKilobytes(small.path, out: "small-out")
        let largePeak = try peakKilobytes(large.path, out: "large-out")
        try FileManager.default.removeItem(atPath: large.path)
        #expect(Double(largePeak) <= Double(smallPeak) * 1.2, "peak RSS \(largePeak) KB at 1 GB, \(smallPeak) KB at 10 MB")
        // Every record is accounted for: the sample's read, the pages refused as too large.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("large-out/run.json"))) as! [String: Any]
        #expect(summary["inputs"] as? Int == large.records)
        #expect(summary["ingested"] as? Int == (large.records + 24) / 25)
    }

    /// `--field` names a field crawlers do not call by a known name; a wrong key is a usage error.
    @Test func fieldsCanBeNamed() throws {
        let input = try write("odd.csv", "headline_text,article_body\n某局2021年报告,根据《条例》规定，发布本年度报告。一、总体情况\n")
        let (_, unnamed, unnamedErrors) = try run([input], out: "unnamed")
        #expect(unnamed.isEmpty == false || unnamedErrors.isEmpty == false)
        let (status, reports, errors) = try run([input, "--field", "content=article_body", "--field", "title=headline_text"], out: "named")
        #expect(status == 0, "\(errors)")
        #expect(reports.count == 1)
        #expect(reports.first?["title"] as? String == "某局2021年报告")
        #expect(reports.first?["year"] as? Int == 2021)
        let wrong = try GazetteProcess.run(["run", input, "--field", "body=article_body", "--no-work", "--out", folder.path("x").path])
        #expect(wrong.status == 64)
    }
}
