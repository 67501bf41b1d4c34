import Foundation
import GazetteCore

/// Progress on standard error: a live line on a terminal, a plain line every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable {
    private let total: Int
    private let started = Date()
    private var lastPrinted = Date.distantPast
    private let interactive = StandardError.isTerminal

    init(total: Int) { self.total = total }

    func update(_ summary: RunSummary) {
        let now = Date()
        let done = summary.ingested + summary.failed
        let interval = interactive ? 0.1 : 5
        guard now.timeIntervalSince(lastPrinted) >= interval || done == total else { return }
        lastPrinted = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let line = "\(done)/\(total) done, \(summary.failed) failed, \(String(format: "%.1f", rate)) docs/s, ETA \(Int(remaining.rounded()))s"
        if interactive {
            let width = 24
            let filled = total > 0 ? min(width, done * width / total) : width
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            let percent = total > 0 ? done * 100 / total : 100
            StandardError.write("\r\u{1B}[K\(bar) \(percent)% " + line)
        } else {
            StandardError.write(line + "\n")
        }
    }

    func finish(_ summary: RunSummary, out: String) {
        if interactive { StandardError.write("\n") }
        let folder = out.hasSuffix("/") ? out : out + "/"
        StandardError.write("""
            gazette: \(summary.inputs) inputs, \(summary.ingested) ingested, \(summary.failed) failed.
            Records in \(folder)reports.jsonl, \(folder)cells.csv and \(folder)gazette.sqlite; errors in \(folder)errors.jsonl; summary in \(folder)run.json.

            """)
    }
}
