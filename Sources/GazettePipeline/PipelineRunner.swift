import Foundation
import GazetteCore
import GazetteEmit

/// Runs a pipeline over many inputs: documents go through the stages concurrently (`jobs` at a time), and
/// their records are written in input order, so two runs over the same inputs give the same files.
public struct PipelineRunner: Sendable {
    public var stages: StageSet
    public var work: WorkFolder?
    public var policy: RunPolicy
    public var jobs: Int

    public init(stages: StageSet, work: WorkFolder?, policy: RunPolicy, jobs: Int) {
        self.stages = stages
        self.work = work
        self.policy = policy
        self.jobs = max(1, jobs)
    }

    /// Processes `inputs` into `output` and returns the run's summary (also written as `run.json`).
    /// The inputs are pulled as documents finish, so a long list is never held whole. `progress` is called
    /// after each document is written, with the summary so far.
    public func run(_ inputs: some Sequence<FetchRequest>, into output: OutputWriter,
                    progress: (RunSummary) -> Void = { _ in }) async throws -> RunSummary {
        var summary = RunSummary()
        var pending = inputs.makeIterator()
        var exhausted = false
        let processor = DocumentProcessor(stages: stages, work: work, policy: policy)
        // Completed documents wait here until every earlier one is written; the window bounds that wait.
        let window = jobs * 8
        try await withThrowingTaskGroup(of: (Int, DocumentResult).self) { group in
            var next = 0
            var written = 0
            var finished: [Int: DocumentResult] = [:]
            func submit() {
                guard !exhausted, let request = pending.next() else {
                    exhausted = true
                    return
                }
                let index = next
                summary.inputs += 1
                group.addTask { (index, await processor.process(request)) }
                next += 1
            }
            /// Starts documents while fewer than `jobs` are running and the window has room.
            func submitWhileRoom() {
                while !exhausted, next - written < window, next - written - finished.count < jobs { submit() }
            }
            submitWhileRoom()
            while let (index, result) = try await group.next() {
                finished[index] = result
                // The next documents start before this one's records are written, so writing the outputs runs
                // beside the work rather than between documents.
                submitWhileRoom()
                while let ready = finished.removeValue(forKey: written) {
                    try Self.record(ready, into: output, summary: &summary)
                    written += 1
                    progress(summary)
                }
                submitWhileRoom()
            }
        }
        // The outputs are only moved into place once the work folder holds everything they came from.
        work?.flush()
        try output.finish(summary)
        return summary
    }

    private static func record(_ result: DocumentResult, into output: OutputWriter, summary: inout RunSummary) throws {
        for (stage, counts) in result.stages {
            summary.stages[stage.rawValue, default: .init()].ran += counts.ran
            summary.stages[stage.rawValue, default: .init()].cached += counts.cached
            summary.stages[stage.rawValue, default: .init()].failed += counts.failed
            summary.stages[stage.rawValue, default: .init()].seconds += counts.seconds
        }
        switch result.outcome {
        case .ingested(let records):
            try output.write(records)
            summary.ingested += 1
        case .failed(let error):
            try output.write(error)
            summary.failed += 1
        }
    }
}

/// `--shard K/N`: which inputs belong to shard K of N, decided by a hash of the input's name alone, so N
/// machines given the same list split it with no coordination.
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func contains(_ input: String) -> Bool {
        let digest = ContentDigest.hex(input)
        let value = UInt64(digest.prefix(15), radix: 16)!
        return Int(value % UInt64(count)) == index
    }
}
