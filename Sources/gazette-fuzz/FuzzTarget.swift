import Foundation
import GazetteCore
import GazetteDecode
import GazetteExtract
import GazetteNormalize
import GazettePipeline
import GazetteReconstruct

/// What one fuzzing input is fed to. Each target runs the real stages with the default pipeline's options;
/// only the entry point differs, so each fuzzer spends its time where its target's bugs would be.
enum FuzzTarget: String, CaseIterable {
    /// Raw bytes, as fetched: encoding detection, iconv, mojibake repair.
    case decode
    /// Bytes read as UTF-8 text (HTML or plain): libxml2, the content locator, tables, lines and sections.
    case extract
    /// Bytes read as UTF-8 plain text through extract and normalize: tokenizing, label matching, cutting
    /// run-together digits, the identity search.
    case reconstruct

    /// The outcome of one input: a short word for the replay log. Errors the stages throw are outcomes, not
    /// findings; a finding is a crash, a hang (libFuzzer's -timeout) or runaway memory (-rss_limit_mb).
    func run(_ bytes: Data) async -> String {
        do {
            switch self {
            case .decode:
                let decoded = try await Stages.shared.decode.run(Self.fetched(bytes))
                return "decoded \(decoded.encoding.name), \(decoded.text.unicodeScalars.count) scalars"
            case .extract:
                let extracted = try await Stages.shared.extract.run(Self.decoded(bytes))
                return "extracted \(extracted.content.lines.count) lines, \(extracted.content.grids.count) grids"
            case .reconstruct:
                let extracted = try await Stages.shared.extract.run(Self.decoded(bytes, uri: "fuzz.txt"))
                let normalized = try await Stages.shared.normalize.run(extracted)
                let report = try await Stages.shared.reconstruct.run(normalized)
                return "reconstructed \(report.tables.count) tables, \(report.tables.flatMap(\.checks).count) checks"
            }
        } catch let error as GazetteError {
            return error.code.rawValue
        } catch {
            return "error \(error)"
        }
    }

    private static func fetched(_ bytes: Data, uri: String = "fuzz") -> FetchedDocument {
        FetchedDocument(source: Source(uri: uri, sha256: ContentDigest.hex(bytes), bytes: bytes.count), content: bytes)
    }

    private static func decoded(_ bytes: Data, uri: String = "fuzz") -> DecodedDocument {
        let fetched = fetched(bytes, uri: uri)
        return DecodedDocument(id: fetched.id, source: fetched.source,
                               encoding: EncodingInfo(name: "UTF-8", method: .assumed, invalidBytes: 0),
                               text: String(decoding: bytes, as: UTF8.self), diagnostics: [])
    }
}

/// The stages of the default pipeline, built once per process (OpenCC and the templates are loaded once).
enum Stages {
    static let shared: StageSet = {
        do {
            return try StageSet(PipelineLoader.load(nil))
        } catch {
            fatalError("gazette-fuzz: the default pipeline does not load: \(error)")
        }
    }()
}

/// Runs an async body to completion from synchronous code (libFuzzer calls in synchronously, once per input).
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: T?
    Task {
        result = await body()
        done.signal()
    }
    done.wait()
    return result!
}
