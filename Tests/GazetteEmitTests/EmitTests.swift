import Foundation
import GazetteCore
import GazetteTestSupport
import GRDB
import Testing
@testable import GazetteEmit

@Suite struct EmitTests {
    @Test(arguments: [("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
                      ("=cmd|'/c calc'!A1", "'=cmd|'/c calc'!A1"), ("@SUM(A1)", "'@SUM(A1)"), ("+1036", "+1036"), ("-8", "-8"),
                      ("-x", "'-x"), ("=1+2,3", "\"'=1+2,3\"")])
    func csvFieldsAreQuotedPerRFC4180(field: String, written: String) async {
        #expect(CSVWriter.quote(field) == written)
    }

    @Test(arguments: [(8.0, "8"), (1237.4, "1237.4"), (-4.0, "-4"), (0.5, "0.5")])
    func numbersAreWrittenAsPeopleWriteThem(value: Double, text: String) async {
        #expect(NumberText.format(value) == text)
    }

    @Test func integersAreWrittenAsTheirDecimalText() {
        var random = SeededRandom(seed: 7)
        let values = [0, 1, 9, 10, -1, -10, 1_000_000, Int.max, Int.min, Int.min + 1]
            // Every magnitude, both signs: random bits shifted right by 0 to 63.
            + (0..<10_000).map { _ in Int(truncatingIfNeeded: random.next()) >> random.next(upTo: 64) }
        for value in values {
            var output: [UInt8] = Array("x".utf8)
            DecimalText.append(value, to: &output)
            #expect(String(decoding: output, as: UTF8.self) == "x\(value)")
        }
    }

    static func report() -> Report {
        let cells = [Report.Cell(column: "natural", value: 457, raw: "457", unit: "件", line: 78),
                     Report.Cell(column: "total", value: nil, raw: "/", unit: nil, line: 84)]
        let table = Report.Table(key: "applications", title: "三", template: "2019", header: [],
                                 rows: [Report.Row(key: "new", label: "一、本年新收, \"申请\"", line: 77, cells: cells)],
                                 grid: [["一、本年新收", "457", "/"]],
                                 checks: [Report.Check(rule: "applications.row_total", row: "new", ok: nil, left: nil, right: nil, missing: ["new.total"])])
        return Report(id: DocumentID(rawValue: "abc"), source: Source(uri: "r.txt", sha256: "abc", bytes: 3),
                      encoding: EncodingInfo(name: "UTF-8", method: .detected, invalidBytes: 0),
                      script: ScriptInfo(detected: .simplified), title: "某局2020年报告", agency: "某局", year: 2020,
                      family: "gov-disclosure-annual-report", template: "2019", sections: [], tables: [table],
                      diagnostics: [Diagnostic(stage: .reconstruct, severity: .warning, code: "x.y", message: "m")])
    }

    @Test func emitFlattensAReportIntoRecords() async throws {
        let records = try await EmitStage(options: EmitOptions()).run(Self.report())
        #expect(records.cells.count == 2)
        #expect(records.cells[1].value == nil)
        #expect(records.report.checksNotEvaluated == 1)
        #expect(records.report.checksFailed == 0)
        let json = try JSONSerialization.jsonObject(with: records.reportJSON) as! [String: Any]
        let table = (json["tables"] as! [[String: Any]])[0]
        let row = (table["rows"] as! [[String: Any]])[0]
        let blank = (row["cells"] as! [[String: Any]])[1]
        #expect(blank["value"] is NSNull)
        #expect(!records.reportJSON.contains(0x0A))
    }

    /// Every report line has the same keys: what the document does not give is null, not left out (SPEC.md).
    @Test func unknownReportFieldsAreWrittenAsNull() async throws {
        var report = Self.report()
        (report.title, report.agency, report.year, report.template) = (nil, nil, nil, nil)
        report.tables[0].title = nil
        report.tables[0].template = nil
        report.tables[0].rows[0].key = nil
        let records = try await EmitStage(options: EmitOptions()).run(report)
        let json = try JSONSerialization.jsonObject(with: records.reportJSON) as! [String: Any]
        for key in ["title", "agency", "year", "template"] { #expect(json[key] is NSNull, "\(key)") }
        #expect(json["published"] == nil)
        let table = (json["tables"] as! [[String: Any]])[0]
        #expect(table["title"] is NSNull)
        #expect(table["template"] is NSNull)
        #expect((table["rows"] as! [[String: Any]])[0]["key"] is NSNull)
        #expect(try GazetteJSON.decode(Report.self, from: records.reportJSON) == report)
    }

    @Test func theOutputFolderHoldsEveryFile() async throws {
        let folder = try TemporaryDirectory()
        let writer = try OutputWriter(directory: folder.url)
        try writer.write(try await EmitStage(options: EmitOptions()).run(Self.report()))
        try writer.write(ErrorRecord(input: "bad.png", stage: .decode, code: "decode.binary", message: "a PNG image"))
        var summary = RunSummary()
        summary.inputs = 2
        summary.ingested = 1
        summary.failed = 1
        try writer.finish(summary)

        let csv = try Paths.text(folder.path("cells.csv"))
        #expect(csv.hasPrefix("report_id,agency,year,table,row,column,value,raw,unit,line,flag\r\n"))
        #expect(csv.contains("abc,某局,2020,applications,new,natural,457,457,件,78,\r\n"))
        #expect(csv.contains("abc,某局,2020,applications,new,total,,/,,84,\r\n"))
        #expect(try Paths.text(folder.path("errors.jsonl")) == #"{"code":"decode.binary","input":"bad.png","message":"a PNG image","stage":"decode"}"# + "\n")
        let run = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: folder.path("run.json")))
        #expect(run == summary)

        let database = try DatabaseQueue(path: folder.path("gazette.sqlite").path)
        let counts = try await database.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM reports"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM cells WHERE value IS NULL"),
             try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM cells WHERE column_key = 'natural'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM checks WHERE ok IS NULL")]
        }
        #expect(counts == [1, 1, 457, 1])
        let codes = try await database.read { db in
            [try String.fetchOne(db, sql: "SELECT code FROM errors"), try String.fetchOne(db, sql: "SELECT code FROM diagnostics")]
        }
        #expect(codes == ["decode.binary", "x.y"])
    }

    /// The database is written a batch of documents at a time, behind the run: runs whose documents and errors
    /// end on, just after or between the batches' edges have every one of them in the database, in order; with
    /// a core to spare or none (the key index kept by the inserts, or built at the end), both indexes are there.
    @Test(arguments: [1, 24, 25, 26, 51, 130], [false, true])
    func everyDocumentOfARunReachesTheDatabase(documents: Int, spareCore: Bool) async throws {
        let folder = try TemporaryDirectory()
        let writer = try OutputWriter(directory: folder.url, spareCore: spareCore)
        let stage = EmitStage(options: EmitOptions())
        for number in 0..<documents {
            var report = Self.report()
            report.id = DocumentID(rawValue: "doc-\(number)")
            try writer.write(try await stage.run(report))
            if number % 3 == 0 {
                try writer.write(ErrorRecord(input: "bad-\(number).png", stage: .decode, code: "decode.binary", message: "a PNG image"))
            }
        }
        try writer.finish(RunSummary())

        let database = try DatabaseQueue(path: folder.path("gazette.sqlite").path)
        let (reports, cellReports, errors, indexes) = try await database.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM reports ORDER BY rowid"),
             try String.fetchAll(db, sql: "SELECT report_id FROM cells ORDER BY rowid"),
             try String.fetchAll(db, sql: "SELECT input FROM errors ORDER BY rowid"),
             try String.fetchAll(db, sql: "SELECT name || ' ' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cells' ORDER BY name"))
        }
        #expect(indexes == ["cells_by_key CREATE INDEX cells_by_key ON cells (table_key, row_key, column_key)",
                            "cells_by_report CREATE INDEX cells_by_report ON cells (report_id)"])
        #expect(reports == (0..<documents).map { "doc-\($0)" })
        #expect(cellReports == (0..<documents).flatMap { ["doc-\($0)", "doc-\($0)"] })
        #expect(errors == stride(from: 0, to: documents, by: 3).map { "bad-\($0).png" })
    }

    /// Cells and checks go into the database several rows to a statement (``PreparedInsert``): reports whose
    /// counts fall on, around and between the batches' edges come back whole, in order, with every kind of value.
    @Test(arguments: [0, 1, 31, 32, 33, 64, 70])
    func everyCellComesBackFromTheDatabaseInOrder(count: Int) async throws {
        var report = Self.report()
        report.tables[0].rows[0].cells = (0..<count).map { index -> Report.Cell in
            let value: Double? = index % 5 == 0 ? nil : Double(index) + (index % 2 == 0 ? 0.25 : 0)
            let raw = index % 7 == 0 ? "" : "「\(index)」件"
            let flagged = index % 4 == 0
            return Report.Cell(column: "c\(index)", value: value, raw: raw, unit: index % 3 == 0 ? nil : "万元",
                               line: 1_000 + index, flag: flagged ? .ambiguous : nil, alternatives: flagged ? [1, nil] : nil)
        }
        report.tables[0].checks = (0..<count).map { index -> Report.Check in
            let ok: Bool? = index % 3 == 0 ? nil : index % 2 == 0
            return Report.Check(rule: "r\(index)", row: "new", ok: ok, left: Double(index), right: nil, missing: [])
        }
        let records = try await EmitStage(options: EmitOptions()).run(report)
        let folder = try TemporaryDirectory()
        let writer = try OutputWriter(directory: folder.url)
        try writer.write(records)
        try writer.finish(RunSummary())

        let database = try DatabaseQueue(path: folder.path("gazette.sqlite").path)
        let cells = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT column_key, value, raw, unit, line, flag, alternatives_json, report_id, year FROM cells ORDER BY rowid")
        }
        #expect(cells.count == count)
        for (row, cell) in zip(cells, records.cells) {
            #expect(row["column_key"] as String? == cell.column)
            #expect(row["value"] as Double? == cell.value)
            #expect(row["raw"] as String? == cell.raw)
            #expect(row["unit"] as String? == cell.unit)
            #expect(row["line"] as Int? == cell.line)
            #expect(row["flag"] as String? == cell.flag)
            #expect(row["alternatives_json"] as String? == (cell.alternatives == nil ? nil : "[1,null]"))
            #expect(row["report_id"] as String? == "abc" && row["year"] as Int? == 2020)
        }
        let checks = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT rule, ok, left_value, right_value FROM checks ORDER BY rowid")
        }
        #expect(checks.map { $0["rule"] as String? } == records.checks.map(\.rule))
        #expect(checks.map { $0["ok"] as Bool? } == records.checks.map(\.ok))
        #expect(checks.map { $0["left_value"] as Double? } == records.checks.map(\.left))
        #expect(checks.allSatisfy { $0["right_value"] as Double? == nil })
    }
}
