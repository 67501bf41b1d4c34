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
        let sample = try Paths.text(Paths.guangzhouSample)
        var manifest = ""
        var paths: [String] = []
        for number in 0..<12 {
            let path = folder.path("r\(number).txt").path
            try Data((sample + "\n附件\(number)。\n").utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
            manifest += #"{"uri": "\#(path)"}"# + "\n"
        }
        manifest += #"{"uri": "\#(folder.path("missing.txt").path)"}"# + "\n"
        try Data(manifest.utf8).write(to: folder.path("manifest.jsonl"))

        let spark = Process()
        spark.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        spark.arguments = ["python3", Paths.packageRoot.appendingPathComponent("Tests/GazetteEndToEndTests/Support/spark_check.py").path,
                           GazetteProcess.executable.path, folder.path("manifest.jsonl").path, "4"]
        let output = Pipe(), errors = Pipe()
        spark.standardOutput = output
        spark.standardError = errors
        try spark.run()
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        spark.waitUntilExit()
        try #require(spark.terminationStatus == 0,
                     "spark_check.py failed (pyspark comes with `make test`): \(String(decoding: errorData.suffix(2000), as: UTF8.self))")

        let streamed = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
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
