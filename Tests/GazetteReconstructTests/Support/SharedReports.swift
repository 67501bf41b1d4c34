import Foundation
import GazettePipeline
import GazetteTestSupport

/// The shared reports as plain copies (one cell a line, every label matched), which the tests of the hard forms
/// render again with random values: Guangzhou 2020 and Pingtan 2019 (format 2019), Pingtan 2021 (format 2021).
enum SharedReports {
    static func copies(_ processor: DocumentProcessor) async throws -> [OneCellPerLineCopy] {
        [try await OneCellPerLineCopy(Paths.text(fixture("guangzhou-2020.zh-Hans.txt")), processor: processor),
         try await OneCellPerLineCopy(oneCellPerLine(Paths.text(fixture("pingtan-2021.rows.txt"))), processor: processor),
         try await OneCellPerLineCopy(oneCellPerLine(Paths.text(fixture("pingtan-2019.rows.txt"))), processor: processor)]
    }

    /// The seeds of one batch of a random test: the same in every run (a seed names one rendered copy).
    /// `GAZETTE_FORM_SEED_OFFSET=N` shifts them all by N, for a maintainer exploring beyond the tested ones.
    static func seeds(batch: Int, size: Int) -> Range<Int> {
        let offset = ProcessInfo.processInfo.environment["GAZETTE_FORM_SEED_OFFSET"].flatMap(Int.init) ?? 0
        return (offset + batch * size)..<(offset + batch * size + size)
    }

    /// For a maintainer chasing a seed: with `GAZETTE_DUMP_FORMS=DIR`, the rendered copy written to DIR/`name`,
    /// to run `gazette` on.
    static func dump(_ text: String, as name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["GAZETTE_DUMP_FORMS"] else { return }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
    }

    /// A fixture of this test target (the folder beside this one).
    private static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)")
    }

    /// A copy whose rows hold their cells on the label's line (tab- or space-separated), one cell per line.
    static func oneCellPerLine(_ text: String) -> String {
        text.components(separatedBy: "\n").flatMap { line -> [String] in
            if line.contains("\t") { return line.components(separatedBy: "\t") }
            guard let range = line.range(of: #" (?=[0-9])"#, options: .regularExpression) else { return [line] }
            return [String(line[..<range.lowerBound])] + line[range.upperBound...].components(separatedBy: " ")
        }.joined(separator: "\n")
    }
}
