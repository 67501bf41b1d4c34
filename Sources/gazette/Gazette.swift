import ArgumentParser
import GazetteCore

/// The `gazette` command: turns government information disclosure annual reports into checked data.
@main
struct Gazette: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazette",
        abstract: "Turn published annual reports into clean, checked data.",
        discussion: """
            Stages: fetch → decode → extract → normalize → reconstruct → emit.
            Exit status: 0 all inputs ingested; 1 some inputs failed (the rest were written); 64 bad usage or configuration.
            """,
        version: GazetteVersion.current,
        subcommands: [Run.self, StageCommand.self, Stream.self, Show.self, Pipelines.self, Audit.self, Review.self]
    )
}
