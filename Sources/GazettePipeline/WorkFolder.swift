import Foundation
import GazetteCore
import GazetteFetch

/// The work folder (`--work`, default `.gazette/`): every stage's output per document, stored under a key
/// made of the stage, its version, its options and the digest of its input, so a re-run redoes only what
/// changed (research/peers.md §2.8: per-document keys, not per-run).
///
/// Layout: `artifacts/<stage>/<2 hex>/<key>.json` (the artifact as JSON), and `inputs/<2 hex>/<key>.json`
/// (for each input name: the fetch artifact it last gave and, for a local file, its size and time, so
/// an unchanged file is not read again). Files are written to a temporary name and renamed, so a killed
/// run never leaves a torn artifact.
public struct WorkFolder: Sendable {
    public let root: URL

    /// What the work folder remembers of an input.
    struct InputRecord: Codable {
        var uri: String
        var fetchKey: String
        var file: FileStatus?
        /// What the server said of the version it sent, for a conditional request next time.
        var validators: HTTPValidators?
    }

    public init(root: URL) { self.root = root }

    /// The cache key of a stage's output.
    static func key(stage: StageID, version: Int, optionsDigest: String, inputDigest: String) -> String {
        ContentDigest.hex("gazette-work-1\n\(stage.rawValue)\n\(version)\n\(optionsDigest)\n\(inputDigest)")
    }

    func artifact(_ stage: StageID, key: String) -> Data? {
        try? Data(contentsOf: artifactURL(stage, key: key))
    }

    func store(_ data: Data, stage: StageID, key: String) throws {
        try write(data, to: artifactURL(stage, key: key))
    }

    func input(_ uri: String) -> InputRecord? {
        guard let data = try? Data(contentsOf: inputURL(uri)) else { return nil }
        return try? GazetteJSON.decode(InputRecord.self, from: data)
    }

    func store(_ record: InputRecord) throws {
        try write(try GazetteJSON.encode(record), to: inputURL(record.uri))
    }

    private func artifactURL(_ stage: StageID, key: String) -> URL {
        root.appendingPathComponent("artifacts/\(stage.rawValue)/\(key.prefix(2))/\(key).json")
    }

    private func inputURL(_ uri: String) -> URL {
        let key = ContentDigest.hex(uri)
        return root.appendingPathComponent("inputs/\(key.prefix(2))/\(key).json")
    }

    private func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            // The folder is made on first use only: asking for it before every write cost a system call per
            // artifact, a tenth of a bulk run.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
        }
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
