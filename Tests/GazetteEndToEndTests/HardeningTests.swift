import Foundation
import GazetteTestSupport
import Testing

/// A folder of every kind of bad input scraped corpora hold, among good reports: the good ones come out right,
/// every bad one ends in errors.jsonl with its code (or, where it still holds a report, as a report), nothing
/// crashes or hangs, and inputs == ingested + failed.
@Suite struct HardeningTests {
    @Test func badInputsAmongGoodReports() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        let folder = try TemporaryDirectory()
        let inputs = folder.path("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let sample = try Paths.text(Paths.guangzhouSample)
        func write(_ name: String, _ data: Data) throws { try data.write(to: inputs.appendingPathComponent(name)) }

        try write("good-1.txt", Data(sample.utf8))
        try write("good-2.txt", Data((sample + "\n附件。\n").utf8))
        try write("empty.txt", Data())
        try write("spaces.txt", Data("  \n\t\n".utf8))
        try write("image.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)))
        try write("document.pdf", Data("%PDF-1.4\n%âãÏÓ\n1 0 obj".utf8))
        try write("archive.zip", Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 60)))
        try write("saved.html", Data([0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 1, count: 60)))   // gzip named .html
        try write("nul.txt", Data("规章\u{0}8\n".utf8))
        var state: UInt32 = 2026
        try write("garbage.txt", Data((0..<4000).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }))
        try write("deep.html", Data(("<html><body>" + String(repeating: "<div>", count: 100_000) + "深处</body></html>").utf8))
        try write("many-lines.txt", Data(String(repeating: "行\n", count: 250_000).utf8))
        try write("many-cells.txt", Data(("某局2020年报告\n三、收到和处理政府信息公开申请情况\n" + String(repeating: "7\n", count: 60_000)).utf8))
        try write("single-line.txt", Data(repeating: 0x61, count: 30_000_000))
        // Still reports, with what they hold:
        try write("twenty-digits.txt", Data(sample.replacingOccurrences(of: "\n239\n", with: "\n12345678901234567890\n").utf8))
        var utf16 = Data([0xFF, 0xFE])
        utf16 += sample.data(using: .utf16LittleEndian)!
        utf16.insert(contentsOf: [0x00, 0xD8], at: 200)   // an unpaired surrogate
        try write("unpaired-surrogate.txt", utf16)
        try write("control-characters.txt", Data(sample.replacingOccurrences(of: "\n規章\n", with: "\n規\u{1}章\u{7}\n").utf8))
        try write("external-entity.html", Data("""
            <!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <html><head><title>某局2020年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p><p>&secret;&b;</p></body></html>
            """.utf8))
        try write("truncated.html", Data(("<html><head><title>某局2020年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p><p>本局认真落实" ).utf8))

        // max_bytes below the single-line file, as a corpus owner would set it.
        let pipeline = folder.path("limits.yaml")
        try Data("name: limits\nstages:\n  fetch:\n    max_bytes: 20000000\n".utf8).write(to: pipeline)
        let result = try GazetteProcess.run(["run", inputs.path, "--pipeline", pipeline.path, "--out", folder.path("out").path,
                                             "--work", folder.path("work").path])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("Fatal"))

        var codes: [String: String] = [:]
        for line in try Paths.text(folder.path("out/errors.jsonl")).split(separator: "\n") {
            let error = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            codes[URL(fileURLWithPath: error["input"] as! String).lastPathComponent] = error["code"] as? String
            #expect((error["message"] as? String)?.isEmpty == false)
        }
        #expect(codes == [
            "empty.txt": "decode.empty", "spaces.txt": "decode.empty", "image.png": "decode.binary",
            "document.pdf": "decode.binary", "archive.zip": "decode.binary", "saved.html": "decode.binary",
            "nul.txt": "decode.binary", "garbage.txt": "decode.binary", "deep.html": "extract.too-deep",
            "many-lines.txt": "extract.too-many-lines", "many-cells.txt": "reconstruct.too-many-cells",
            "single-line.txt": "fetch.too-large",
        ])

        let reports = try Paths.text(folder.path("out/reports.jsonl")).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let byName = Dictionary(uniqueKeysWithValues: reports.map {
            (URL(fileURLWithPath: ($0["source"] as! [String: Any])["uri"] as! String).lastPathComponent, $0)
        })
        #expect(Set(byName.keys) == ["good-1.txt", "good-2.txt", "twenty-digits.txt", "unpaired-surrogate.txt",
                                     "control-characters.txt", "external-entity.html", "truncated.html"])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.path("out/run.json"))) as! [String: Any]
        #expect(summary["inputs"] as? Int == 19)
        #expect((summary["ingested"] as! Int) + (summary["failed"] as! Int) == 19)

        func value(_ name: String, _ table: String, _ row: String, _ column: String) -> Any? {
            let tables = byName[name]?["tables"] as? [[String: Any]]
            let rows = tables?.first { $0["key"] as? String == table }?["rows"] as? [[String: Any]]
            let cells = rows?.first { $0["key"] as? String == row }?["cells"] as? [[String: Any]]
            return cells?.first { $0["column"] as? String == column }?["value"]
        }
        for name in ["good-1.txt", "good-2.txt", "unpaired-surrogate.txt", "control-characters.txt"] {
            #expect((value(name, "applications", "new", "total") as? NSNumber)?.intValue == 473, "\(name)")
            #expect((value(name, "active.item1", "regulations", "total_published") as? NSNumber)?.intValue == 239, "\(name)")
        }
        // 20 digits cannot be held exactly: unknown, with a diagnostic, never a wrong number.
        #expect(value("twenty-digits.txt", "active.item1", "regulations", "total_published") is NSNull)
        let encoding = byName["unpaired-surrogate.txt"]?["encoding"] as? [String: Any]
        #expect((encoding?["invalid_bytes"] as? NSNumber)?.intValue == 2)
        // libxml2 loads no external entity and expands no entity bomb.
        let everything = try Paths.text(folder.path("out/reports.jsonl"))
        #expect(!everything.contains("root:x:0"))
        #expect(!everything.contains("aaaaaaaaaaaaaaaaaaaa"))
    }
}
