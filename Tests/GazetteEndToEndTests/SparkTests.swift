import Foundation
import GazetteTestSupport
import Testing

/// `gazette stream` inside a real engine: Apache Spark in local mode (pyspark from PyPI, a JDK from Debian),
/// a manifest spread over several partitions through `RDD.pipe`, compared with `gazette run` on the same inputs.
@Suite struct SparkTests {
    static var javaAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/java")
    }

    @Test(.enabled(if: javaAvailable, "no JDK on this machine (apt-get install default-jdk-headless): Spark cannot run"))
    func sparkPipeGivesTheSameReportsAsARun() throws {
        try #require(GazetteProcess.isBuilt, "build gazette first (`make test` does)")
        let folder = try TemporaryDirectory()
        let paths = try SampleCorpus.write(12, to: folder.path("inputs")).map(\.path)
        var manifest = paths.map { #"{"uri": "\#($0)"}"# + "\n" }.joined()
        manifest += #"{"uri": "\#(folder.path("missing.txt").path)"}"# + "\n"
        try Data(manifest.utf8).write(to: folder.path("manifest.jsonl"))

        let spark = try GazetteProcess.command(URL(fileURLWithPath: "python3"), [
            Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/spark_check.py").path,
            GazetteProcess.executable.path, folder.path("manifest.jsonl").path, "4"])
        try #require(spark.status == 0, "spark_check.py failed (pyspark comes with `make test`): \(spark.stderr.suffix(2000))")

        let streamed = spark.stdout.split(separator: "\n").map(String.init)
        let reports = streamed.filter { !$0.hasPrefix(#"{"code":"#) }
        let failures = streamed.filter { $0.hasPrefix(#"{"code":"#) }
        #expect(reports.count == 12)
        #expect(failures.count == 1)

        let run = try GazetteProcess.run(["run"] + paths + ["--out", folder.path("out").path, "--work", folder.path("work").path])
        #expect(run.status == 0)
        let direct = try Paths.text(folder.path("out/reports.jsonl")).split(separator: "\n").map(String.init)
        // Spark keeps the manifest's order across partitions: the same reports, cell for cell, in the same order.
        #expect(reports == direct)
    }
}
