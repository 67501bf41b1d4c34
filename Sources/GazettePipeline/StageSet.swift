import Foundation
import GazetteCore
import GazetteDecode
import GazetteEmit
import GazetteExtract
import GazetteFetch
import GazetteNormalize
import GazetteReconstruct

/// The six stages of a pipeline, built once per run from its options (opening OpenCC, reading templates).
public struct StageSet: Sendable {
    public let pipeline: Pipeline
    // Public for tools that drive one stage directly (gazette-fuzz); the HTTP client is made on first fetch.
    public let fetch: FetchStage
    public let decode: DecodeStage
    public let extract: ExtractStage
    public let normalize: NormalizeStage
    public let reconstruct: ReconstructStage
    public let emit: EmitStage
    /// Each stage's options digest, computed once.
    let optionsDigests: [StageID: String]

    public init(_ pipeline: Pipeline) throws {
        self.pipeline = pipeline
        fetch = FetchStage(options: pipeline.fetch)
        decode = DecodeStage(options: pipeline.decode)
        extract = ExtractStage(options: pipeline.extract)
        do {
            // The two stages that cost a start most, side by side: normalize compiles the script converters on
            // another thread while reconstruct reads the templates on this one.
            let options = pipeline.normalize
            let building = BackgroundResult { try NormalizeStage(options: options) }
            reconstruct = try ReconstructStage(options: pipeline.reconstruct)
            normalize = try building.value()
        } catch let error as GazetteError {
            throw PipelineError("pipeline \(pipeline.origin): \(error.message)")
        }
        emit = EmitStage(options: pipeline.emit)
        optionsDigests = Dictionary(uniqueKeysWithValues: StageID.allCases.map { ($0, pipeline.optionsDigest($0)) })
    }
}

extension StageSet {
    /// Runs one stage on an artifact given as JSON and returns its output as JSON (`gazette stage`).
    /// The input is the previous stage's output; for fetch, a request `{"uri": …}`.
    public func run(_ stage: StageID, json: Data) async throws -> Data {
        switch stage {
        case .fetch: return try await Self.run(fetch, json)
        case .decode: return try await Self.run(decode, json)
        case .extract: return try await Self.run(extract, json)
        case .normalize: return try await Self.run(normalize, json)
        case .reconstruct: return try await Self.run(reconstruct, json)
        case .emit: return try await Self.run(emit, json)
        }
    }

    /// Releases what the stages hold open (the HTTP client). Call once, when the run is over.
    public func shutdown() async {
        await fetch.shutdown()
    }

    private static func run<S: Stage>(_ stage: S, _ json: Data) async throws -> Data {
        let input: S.Input
        do {
            input = try GazetteJSON.decode(S.Input.self, from: json)
        } catch {
            throw GazetteError(stage: S.id, code: GazetteError.Code(rawValue: "\(S.id.rawValue).bad-artifact"),
                               message: "the input is not the JSON artifact \(S.id.rawValue) reads (\(S.Input.self)): \(error)")
        }
        return try GazetteJSON.encode(try await stage.run(input))
    }
}

/// A value computed on a thread of its own from the moment it is made, waited for by ``value()``.
private final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the background thread before `done` is signalled, read only after waiting for it.
    private var result: Result<Value, any Error>?

    init(_ compute: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result(catching: compute)
            done.signal()
        }
    }

    /// The value, or the error computing it threw; waits until it is there.
    func value() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
