import ArgumentParser
import Foundation
import GazetteCore
import GazetteFetch
import GazettePipeline

/// `gazette show`: a document's reconstructed tables as aligned text grids, for a person.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's reconstructed tables as aligned grids, with their checks.",
        discussion: "Example: gazette show Samples/guangzhou-2020-general-office.zh-Hant.txt")

    @Argument(help: "A file, a URL, or - for standard input.")
    var input: String

    @OptionGroup var pipeline: PipelineOption

    @Option(help: "The work folder (cached stage outputs are reused).")
    var work: String = ".gazette"

    func run() async throws {
        let stages = try pipeline.stages()
        let request = input == "-" ? FetchRequest(uri: "-", content: FileHandle.standardInput.readDataToEndOfFile())
            : FetchRequest(uri: input)
        let workFolder = WorkFolder.opened(at: work)
        let result = await DocumentProcessor(stages: stages, work: workFolder, policy: RunPolicy()).process(request)
        workFolder?.flush()
        await stages.shutdown()
        guard let report = result.report else {
            if case .failed(let error) = result.outcome {
                StandardError.write("gazette show: \(error.input): \(error.stage.rawValue): \(error.message) [\(error.code)]\n")
            }
            throw ExitCode(1)
        }
        print(ReportText.render(report), terminator: "")
    }
}
