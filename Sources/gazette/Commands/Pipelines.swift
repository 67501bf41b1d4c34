import ArgumentParser
import GazettePipeline

/// `gazette pipelines`: the pipelines that can be named with --pipeline.
struct Pipelines: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pipelines", abstract: "List the pipelines --pipeline can name.")

    func run() throws {
        for pipeline in PipelineLoader.available() {
            let marker = pipeline.name == PipelineLoader.defaultName ? " (default)" : ""
            print("\(pipeline.name)\(marker)\t\(pipeline.origin)\t\(pipeline.description)")
        }
    }
}
