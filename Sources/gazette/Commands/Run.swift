import ArgumentParser
import Foundation
import GazetteCore
import GazetteEmit
import GazetteFetch
import GazettePipeline

/// `gazette run`: the main job.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipeline on URLs, files, folders or @LIST manifests.",
        discussion: """
            Example: gazette run Samples/ --out out/
            Writes reports.jsonl, cells.csv, gazette.sqlite, errors.jsonl and run.json into --out.
            """)

    @Argument(help: "URLs, files, folders (every file below), @LIST files (one URL or path a line), or - for standard input.")
    var inputs: [String] = []

    @OptionGroup var pipeline: PipelineOption

    @Option(help: "The output folder.")
    var out: String = "out"

    @Option(help: "The work folder that keeps each stage's output per document.")
    var work: String = ".gazette"

    @Flag(help: "Keep no work folder: every stage runs, and nothing is kept for a re-run (a one-off run).")
    var noWork = false

    @Option(help: "Documents processed at once.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Re-run this stage and those after it, from the cached output of the stage before it.")
    var from: StageID?

    @Option(help: "Re-run this stage alone.")
    var only: StageID?

    @Option(help: "Process only the inputs whose identity hashes to K of N (0 ≤ K < N).")
    var shard: String?

    @Flag(help: "Ignore the work folder's cached outputs.")
    var force = false

    @Option(name: .customLong("field"),
            help: "A container's field by its name in the export: KEY=NAME, KEY one of content, title, url, date, agency (repeatable).")
    var fields: [String] = []

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input: a URL, a file, a folder, @LIST or -") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if from != nil, only != nil { throw ValidationError("--from and --only cannot be combined") }
        if noWork, from != nil || only != nil {
            throw ValidationError("--from and --only re-run stages from the work folder's cached outputs: drop --no-work")
        }
        _ = try parsedShard()
        _ = try parsedFields()
    }

    func run() async throws {
        let stages = try pipeline.stages()
        let shard = try parsedShard()
        let standardInput = inputs.contains("-") ? FileHandle.standardInput.readDataToEndOfFile() : nil
        // The documents are counted in a first pass (for the progress line) and streamed in the second.
        // A container's records are documents of their own (and shards of their own).
        let fieldNames = stages.fetch.options.fields.merging(try parsedFields()) { _, given in given }
        let requests = InputRequests(inputs, fieldNames: fieldNames, maxBytes: stages.fetch.options.maxBytes,
                                     standardInput: standardInput)
            .lazy.filter { shard?.contains($0.uri) ?? true }
        let total = requests.reduce(0) { count, _ in count + 1 }
        let runner = PipelineRunner(stages: stages, work: noWork ? nil : WorkFolder.opened(at: work),
                                    policy: RunPolicy(from: from, only: only, force: force), jobs: jobs)
        let outputFolder = URL(fileURLWithPath: out)
        let writer: OutputWriter
        do {
            writer = try OutputWriter(directory: outputFolder,
                                      spareCore: jobs < ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            throw ValidationError("cannot write the output folder \(out): \(error.localizedDescription)")
        }
        let reporter = ProgressReporter(total: total)
        let summary = try await runner.run(requests, into: writer) { reporter.update($0) }
        await stages.shutdown()
        reporter.finish(summary, out: out)
        if summary.failed > 0 { throw ExitCode(1) }
    }

    private func parsedFields() throws -> [String: String] {
        var named: [String: String] = [:]
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, RecordField(rawValue: parts[0]) != nil, !parts[1].isEmpty else {
                throw ValidationError("--field takes KEY=NAME, KEY one of \(RecordField.allCases.map(\.rawValue).joined(separator: ", ")): '\(field)'")
            }
            named[parts[0]] = parts[1]
        }
        return named
    }

    private func parsedShard() throws -> Shard? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, (0..<count).contains(index) else {
            throw ValidationError("--shard takes K/N with 0 ≤ K < N, e.g. 0/4")
        }
        return Shard(index: index, count: count)
    }
}
