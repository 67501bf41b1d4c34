import Foundation
import GazetteTestSupport
import Testing

/// The outputs load as users load them (DuckDB, pandas, Python's sqlite3), and plain queries give the sample's
/// published figures. `make test` installs duckdb and pandas from PyPI.
@Suite struct DownstreamTests {
    @Test func duckdbPandasAndSQLiteReproduceTheSampleFigures() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        let folder = try TemporaryDirectory()
        let run = try GazetteProcess.run(["run", "Samples/", "--out", folder.path("out").path, "--work", folder.path("work").path],
                                         in: Paths.packageRoot)
        #expect(run.status == 0)

        let check = try GazetteProcess.command(URL(fileURLWithPath: "python3"), [
            Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/downstream_check.py").path,
            folder.path("out").path])
        try #require(check.status == 0, "downstream_check.py failed (duckdb and pandas come with `make test`): \(check.stderr)")

        let figures = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        let received = try #require(figures["duckdb_applications_received"] as? [[Any]])
        #expect(received.count == 1)
        #expect(received.first?[0] as? String == "广州市人民政府办公厅")
        #expect((received.first?[1] as? NSNumber)?.intValue == 2020)
        #expect((received.first?[2] as? NSNumber)?.doubleValue == 473)
        #expect((figures["duckdb_cells"] as? NSNumber)?.intValue == 198)
        #expect((figures["duckdb_reports"] as? [[Any]])?.first?[2] as? String == "2019")
        #expect((figures["pandas_withheld_total"] as? NSNumber)?.doubleValue == 20)
        #expect((figures["pandas_failed_checks"] as? NSNumber)?.intValue == 0)
        let amount = try #require(figures["sqlite_procurement_amount"] as? [Any])
        #expect((amount[0] as? NSNumber)?.doubleValue == 1237.4)
        #expect(amount[1] as? String == "万元")
        #expect(amount[2] as? String == "1237.40万元")
        #expect((figures["sqlite_failed_checks"] as? NSNumber)?.intValue == 0)
        #expect((figures["sqlite_checks"] as? NSNumber)?.intValue == 40)
    }
}
