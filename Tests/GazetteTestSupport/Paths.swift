import Foundation

/// Where things are, found from this file's own path so tests run from any working directory.
public enum Paths {
    /// The package's top folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let samples = packageRoot.appendingPathComponent("Samples")
    public static let pipelines = packageRoot.appendingPathComponent("Pipelines")
    public static let guangzhouSample = samples.appendingPathComponent("guangzhou-2020-general-office.zh-Hant.txt")

    /// A fixture file of the test target that calls this, under `Tests/<Target>/Fixtures/`.
    public static func fixture(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    public static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
}

/// A fresh temporary folder per test, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Distinct copies of the sample report, as a corpus for bulk tests.
public enum SampleCorpus {
    /// Writes `count` reports named `prefix<N>.txt` into `folder`: the sample with a different closing line each.
    @discardableResult
    public static func write(_ count: Int, to folder: URL, prefix: String = "r", empty: (Int) -> Bool = { _ in false }) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sample = try Paths.text(Paths.guangzhouSample)
        return try (0..<count).map { number in
            let url = folder.appendingPathComponent(String(format: "%@%03d.txt", prefix, number))
            try Data((empty(number) ? "" : sample + "\n附件\(number)。\n").utf8).write(to: url)
            return url
        }
    }
}
