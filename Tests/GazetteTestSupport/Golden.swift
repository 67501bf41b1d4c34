import Foundation
import Testing

/// Compares text with a golden file stored beside the test, in `Golden/<name>`.
///
/// Goldens are rewritten only on purpose: with `GAZETTE_RECORD_GOLDENS=1` in the environment (or when the
/// file does not exist yet), the text is recorded and the test fails once, so a recording never passes
/// silently. Review the diff before committing it.
public func expectGolden(_ actual: String, named name: String, filePath: String = #filePath,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    let record = ProcessInfo.processInfo.environment["GAZETTE_RECORD_GOLDENS"] == "1"
    if record || !FileManager.default.fileExists(atPath: url.path) {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        Issue.record("recorded golden \(url.path); review it and run the tests again", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
        let expectedLines = expected.components(separatedBy: "\n"), actualLines = actual.components(separatedBy: "\n")
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        let detail = first.map { "line \($0.offset + 1):\n  golden: \($0.element.0.prefix(300))\n  actual: \($0.element.1.prefix(300))" }
            ?? "line counts differ: golden \(expectedLines.count), actual \(actualLines.count)"
        Issue.record("output differs from golden \(name) (GAZETTE_RECORD_GOLDENS=1 re-records):\n\(detail)",
                     sourceLocation: sourceLocation)
    }
}
