import ArgumentParser
import Foundation
import GazetteCore
import GazettePipeline

extension StageID: ExpressibleByArgument {}

/// `--pipeline NAME|FILE`, shared by every command that runs stages.
struct PipelineOption: ParsableArguments {
    @Option(name: .long, help: "A pipeline name (see `gazette pipelines`) or the path of a pipeline YAML file.")
    var pipeline: String?

    /// The pipeline's stages; a pipeline that cannot be used is reported on standard error and exits with 64
    /// (bad configuration), before anything is written.
    func stages() throws -> StageSet {
        do {
            return try StageSet(try PipelineLoader.load(pipeline))
        } catch let error as PipelineError {
            StandardError.write("gazette: \(error.message)\n")
            throw ExitCode(64)
        }
    }
}

/// Standard error, for progress and messages: records never go there.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(2) == 1 }
}
