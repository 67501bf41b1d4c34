import ArgumentParser
import Foundation
import GazetteCore
import GazettePipeline
import GazetteReconstruct
import GazetteReview

/// `gazette review`: a static site to check a run's reports against their sources, in a browser.
struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write a static site that shows each report's tables beside its source lines.",
        discussion: """
            Reads OUT/reports.jsonl, OUT/errors.jsonl and OUT/run.json, and the source text from the work folder the run kept (stages it lacks are recomputed from the fetched bytes; a URL is never fetched again). Give the run's --work and --pipeline.
            Writes OUT/review/index.html (or --to DIR): open it in a browser, no server needed.
            Exit status: 0 every report has its page; 1 some lines of reports.jsonl could not be read.
            Example: gazette run Samples/ && gazette review out/
            """)

    @Argument(help: "The output folder of a run.")
    var out: String = "out"

    @Option(help: "Where to write the site (default: OUT/review).")
    var to: String?

    @Option(help: "The work folder the run kept.")
    var work: String = ".gazette"

    @OptionGroup var pipeline: PipelineOption

    func run() async throws {
        let outFolder = URL(fileURLWithPath: out)
        let reportsFile = outFolder.appendingPathComponent("reports.jsonl")
        guard FileManager.default.fileExists(atPath: reportsFile.path) else {
            throw ValidationError("\(out) holds no reports.jsonl: give the output folder of a `gazette run`")
        }
        let lines = try ReportLines(file: reportsFile)
        let stages = try pipeline.stages()
        // A missing work folder is not created: review only reads it.
        let workFolder = FileManager.default.fileExists(atPath: work) ? WorkFolder.opened(at: work) : nil
        let processor = DocumentProcessor(stages: stages, work: workFolder, policy: RunPolicy())
        let site = try ReviewSite(folder: URL(fileURLWithPath: to ?? outFolder.appendingPathComponent("review").path),
                                  outlines: stages.reconstruct.tableOutlines, agencies: lines.agenciesWithSeveralYears())

        let records = RecordCursor(stages: stages)
        var unreadable = 0, withoutSource = 0
        for (number, line) in lines.enumerated() {
            let report: Report
            do {
                report = try GazetteJSON.decode(Report.self, from: line)
            } catch {
                unreadable += 1
                StandardError.write("gazette review: \(reportsFile.path) line \(number + 1) is not a report object, skipped: \(error)\n")
                continue
            }
            switch await processor.sourceText(of: report, records: records) {
            case .normalized(let document):
                try site.add(report, source: .text(document))
            case .unavailable(let reason):
                withoutSource += 1
                try site.add(report, source: .unavailable(reason))
            }
        }
        workFolder?.flush()
        await stages.shutdown()
        let summary = try? GazetteJSON.decode(RunSummary.self, from: Data(contentsOf: outFolder.appendingPathComponent("run.json")))
        let errors = (try? ReportLines(file: outFolder.appendingPathComponent("errors.jsonl")))
            .map { $0.compactMap { try? GazetteJSON.decode(ErrorRecord.self, from: $0) } } ?? []
        let index = try site.finish(summary: summary, errors: errors)
        StandardError.write("gazette review: \(site.reportCount) report pages\(withoutSource > 0 ? " (\(withoutSource) without their source text)" : ""); open \(index.path)\n")
        if unreadable > 0 { throw ExitCode(1) }
    }
}

/// The lines of a JSON Lines file, read through a memory map (a run's reports may not fit in memory).
struct ReportLines: Sequence {
    private let data: Data

    init(file: URL) throws {
        data = try Data(contentsOf: file, options: .alwaysMapped)
    }

    func makeIterator() -> AnyIterator<Data> {
        var start = data.startIndex
        let data = data
        return AnyIterator {
            while start < data.endIndex {
                let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
                defer { start = end < data.endIndex ? end + 1 : end }
                if end > start { return data[start..<end] }
            }
            return nil
        }
    }

    /// The agencies with reports of more than one year: only their agency and year are decoded.
    func agenciesWithSeveralYears() -> Set<String> {
        struct Head: Decodable {
            var agency: String?
            var year: Int?
        }
        var years: [String: Set<Int>] = [:]
        for line in self {
            guard let head = try? JSONDecoder().decode(Head.self, from: line), let agency = head.agency, let year = head.year else { continue }
            years[agency, default: []].insert(year)
        }
        return Set(years.filter { $0.value.count > 1 }.keys)
    }
}
