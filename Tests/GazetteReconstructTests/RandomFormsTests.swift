import Foundation
import GazetteCore
import GazettePipeline
import GazetteTestSupport
import Testing

/// Forms 2, 3 and 5 of issue 18 rendered with random identity-keeping values, 500 reports each: every cell
/// Gazette does not flag holds the value written, and what a form leaves undetermined is flagged with it.
@Suite struct RandomFormsTests {
    let processor: DocumentProcessor

    init() throws {
        processor = DocumentProcessor(stages: try StageSet(PipelineLoader.load(nil)), work: nil, policy: RunPolicy())
    }

    private func report(_ text: String, _ name: String) async throws -> Report {
        try SharedReports.dump(text, as: name)
        return try #require(await processor.process(FetchRequest(uri: name, content: Data(text.utf8))).report)
    }

    /// Form 2, on the 2019 format (the one with 本年增/减): changes run together with the counts around them,
    /// signed as `+`, `＋`, `增加`, `增`, `-`, `－`, `—`, `减少`, `减`. The count before a signed change is always read.
    @Test(arguments: 0..<5)
    func signedChangesRunTogether(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor).filter { $0.values["active.item5"]?["licensing"]?["delta"] != nil }
        #expect(copies.count == 2)
        var read = 0, cells = 0
        for seed in SharedReports.seeds(batch: batch, size: 100) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            let values = copy.randomValues(using: &random)
            let report = try await report(copy.renderWithSignedChanges(values, using: &random), "signed-\(seed).txt")
            let result = WrittenValues.verify(report, against: values, "seed \(seed)", allowMissing: { _, _, _ in false })
            read += result.read
            cells += result.cells
            // A signed change ends the count before it: that count is read. (No change is written `0`, unsigned.)
            for table in report.tables where table.key.hasPrefix("active.") {
                for row in table.rows where row.cells.count == 3 && row.cells[1].column == "delta" {
                    guard let key = row.key, values[table.key]?[key]?["delta"] != 0 else { continue }
                    #expect(row.cells[0].flag == nil, "\(table.key).\(key) seed \(seed)")
                }
            }
        }
        #expect(read * 100 >= cells * 95, "\(read) of \(cells) read without a flag")
    }

    /// Form 3: table 四 told as "no case at all" (its cells 0, flagged `stated`), table 三 as a count in a sentence
    /// (no cell invented), or both; every other table as written.
    @Test(arguments: 0..<5)
    func tablesToldInSentences(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor)
        for seed in SharedReports.seeds(batch: batch, size: 100) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            var values = copy.randomValues(using: &random)
            let statesAppeals = random.chance(0.6)
            let statesApplications = !statesAppeals || random.chance(0.4)
            var sentences: [String: String] = [:]
            if statesAppeals {
                let none = ["本年度未发生涉及政府信息公开的行政复议、行政诉讼案件。", "本年度政府信息公开行政复议、行政诉讼数量均为零。",
                            "本机关未收到政府信息公开方面的行政复议申请，也没有发生行政诉讼。"]
                sentences["四、"] = none[random.int(in: 0...2)]
            }
            if statesApplications {
                sentences["三、"] = "本年度共收到政府信息公开申请\(Int(values["applications"]!["new"]!["total"]!))件，均已按期答复。"
            }
            let text = copy.renderStating(sentences, values)
            let report = try await report(text, "stated-\(seed).txt")
            #expect(report.diagnostics.contains { $0.code == "reconstruct.table-stated-in-text" }, "seed \(seed)")
            let appeals = values.removeValue(forKey: "appeals")
            let applications = values.removeValue(forKey: "applications")
            WrittenValues.verify(report, against: values, "seed \(seed)", allowMissing: { _, _, _ in false })
            if statesAppeals {
                let cells = report.tables.first { $0.key == "appeals" }?.rows.flatMap(\.cells) ?? []
                #expect(cells.count == 15 && cells.allSatisfy { $0.value == 0 && $0.flag == Report.Cell.Flag.stated }, "seed \(seed)")
            } else if let appeals {
                WrittenValues.verify(report, against: ["appeals": appeals], "seed \(seed)", allowMissing: { _, _, _ in false })
            }
            if statesApplications {
                #expect(!report.tables.contains { $0.key == "applications" }, "seed \(seed)")
            } else if let applications {
                WrittenValues.verify(report, against: ["applications": applications], "seed \(seed)", allowMissing: { _, _, _ in false })
            }
        }
    }

    /// Form 5: the whole body on one line of crawler text. The identities settle much of tables 三 and 四; the
    /// active tables' run-together digits stay flagged with every reading.
    @Test(arguments: 0..<10)
    func aReportOnOneLine(batch: Int) async throws {
        let copies = try await SharedReports.copies(processor)
        var read = 0, cells = 0
        for seed in SharedReports.seeds(batch: batch, size: 50) {
            var random = SeededRandom(seed: UInt64(seed))
            let copy = copies[seed % copies.count]
            let values = copy.randomValues(using: &random, largest: 300)
            let report = try await report(copy.renderOnOneLine(values), "one-line-\(seed).txt")
            let result = WrittenValues.verify(report, against: values, "seed \(seed)")
            read += result.read
            cells += result.cells
        }
        #expect(read * 2 >= cells, "\(read) of \(cells) read without a flag")
    }
}
