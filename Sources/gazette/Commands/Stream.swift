import ArgumentParser
import Foundation
import GazetteCore
import GazetteFetch
import GazettePipeline

/// `gazette stream`: JSON Lines in, one report or error object a line out, in input order (SPEC.md).
struct Stream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Read {\"uri\"…} or {\"uri\"…, \"content_base64\"…} lines on standard input; write a report or error object a line.",
        discussion: "A failing record is an error object on standard output; the exit status stays 0 unless the pipeline itself is unusable.")

    @OptionGroup var pipeline: PipelineOption

    struct Line: Decodable {
        var uri: String
        var contentBase64: String?
        var contentType: String?

        enum CodingKeys: String, CodingKey {
            case uri
            case contentBase64 = "content_base64"
            case contentType = "content_type"
        }
    }

    /// Hadoop Streaming passes the job's configuration as environment variables, dots turned to underscores.
    static var underHadoopStreaming: Bool {
        let environment = ProcessInfo.processInfo.environment
        return ["mapreduce_task_id", "mapred_task_id", "mapreduce_job_id", "mapred_job_id"].contains { environment[$0] != nil }
    }

    func run() async throws {
        let hadoop = Self.underHadoopStreaming
        let stages = try pipeline.stages()
        let processor = DocumentProcessor(stages: stages, work: nil, policy: RunPolicy())
        func write(_ output: Data, ingested: Bool) {
            FileHandle.standardOutput.write(output + Data("\n".utf8))
            if hadoop {
                // Hadoop Streaming counts these lines into the job's counters.
                StandardError.write("reporter:counter:gazette,\(ingested ? "ingested" : "failed"),1\n")
            }
        }
        while let line = readLine(strippingNewline: true) {
            // GazetteCore's trimming, held to Foundation's `.whitespaces`: Foundation's went through NSString and
            // built a UTF-16 copy of the whole line (a record's base64 content), a fifth of a run of records.
            if line.trimmingSpaces.isEmpty { continue }
            switch request(from: line) {
            case .success(let request):
                // A line naming a crawler's export gives a line for each of its records, in order.
                let fetch = stages.fetch.options
                for request in AnySequence({ RecordContainer.documents(of: request, named: fetch.fields, maxBytes: fetch.maxBytes) }) {
                    switch await processor.process(request).outcome {
                    case .ingested(let records): write(records.reportJSON, ingested: true)
                    case .failed(let error): write((try? GazetteJSON.encode(error)) ?? Data(), ingested: false)
                    }
                }
            case .failure(let error):
                write((try? GazetteJSON.encode(error)) ?? Data(), ingested: false)
            }
        }
        await stages.shutdown()
    }

    private func request(from line: String) -> Result<FetchRequest, ErrorRecord> {
        guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) else {
            return .failure(ErrorRecord(input: String(line.prefix(200)), stage: .fetch, code: "fetch.bad-request",
                                        message: "the line is not a JSON object with a \"uri\""))
        }
        var content: Data?
        if let encoded = parsed.contentBase64 {
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                return .failure(ErrorRecord(input: parsed.uri, stage: .fetch, code: "fetch.bad-request",
                                            message: "content_base64 is not valid base64"))
            }
            content = data
        }
        return .success(FetchRequest(uri: parsed.uri, content: content, contentType: parsed.contentType))
    }
}

extension ErrorRecord: Error {}
