import Foundation
import GazetteCore
import GazetteDecode
import GazetteEmit
import GazetteExtract
import GazetteFetch
import GazetteNormalize
import GazetteReconstruct

/// A pipeline as loaded from YAML: a name and the options of each of the six stages.
public struct Pipeline: Sendable {
    public var name: String
    public var description: String
    /// Where the pipeline came from: a file path, or `built-in`.
    public var origin: String
    public var fetch: FetchOptions
    public var decode: DecodeOptions
    public var extract: ExtractOptions
    public var normalize: NormalizeOptions
    public var reconstruct: ReconstructOptions
    public var emit: EmitOptions

    /// The SHA-256 of a stage's options as JSON: part of the stage's cache keys.
    public func optionsDigest(_ stage: StageID) -> String {
        let data: Data?
        switch stage {
        case .fetch: data = try? GazetteJSON.encode(fetch)
        case .decode: data = try? GazetteJSON.encode(decode)
        case .extract: data = try? GazetteJSON.encode(extract)
        case .normalize: data = try? GazetteJSON.encode(normalize)
        case .reconstruct: data = try? GazetteJSON.encode(reconstruct)
        case .emit: data = try? GazetteJSON.encode(emit)
        }
        return ContentDigest.hex(data ?? Data())
    }
}

/// A pipeline file that cannot be used: names the file and what is wrong. The CLI exits with 64.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
