import ArgumentParser
import Foundation
import GazetteCore
import GazettePipeline

/// `gazette stage`: one stage on one artifact, JSON in and JSON out.
struct StageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Run one stage on one artifact (JSON in, JSON out).",
        discussion: """
            The input is the previous stage's output, as `gazette stage` or the work folder writes it; fetch reads a request.
            Example: echo '{"uri": "Samples/report.txt"}' | gazette stage fetch | gazette stage decode | gazette stage extract
            """)

    @Argument(help: "The stage: fetch, decode, extract, normalize, reconstruct or emit.")
    var stage: StageID

    @OptionGroup var pipeline: PipelineOption

    @Argument(help: "The input artifact, or - for standard input.")
    var file: String = "-"

    func run() async throws {
        let stages = try pipeline.stages()
        let input: Data
        if file == "-" {
            input = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            input = data
        }
        do {
            var output = try await stages.run(stage, json: input)
            await stages.shutdown()
            output.append(0x0A)
            FileHandle.standardOutput.write(output)
        } catch let error as GazetteError {
            await stages.shutdown()
            StandardError.write("gazette stage: \(error)\n")
            throw ExitCode(1)
        }
    }
}
