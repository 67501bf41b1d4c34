import Foundation
import GazetteCore
import GazetteFetch

extension DocumentProcessor {
    /// Where the text of a report's source came from, or why there is none.
    public enum SourceText: Sendable {
        case normalized(NormalizedDocument)
        case unavailable(String)
    }

    /// The normalized text a run made `report` from, for a person to read beside its tables (`gazette review`).
    ///
    /// The fetched bytes are looked up in the work folder by the report's URI and digest, the key the run
    /// stored them under; decode, extract and normalize are then taken from the folder too, or recomputed
    /// from those bytes (they are deterministic). Without the fetched bytes in the folder, a local file is
    /// read again, and used only if its digest is still the report's: a file changed since the run would put
    /// other lines beside the cells. A URL is never fetched again.
    public func sourceText(of report: Report) async -> SourceText {
        let uri = report.source.uri
        let fetched: StoredArtifact<FetchedDocument>
        if let data = fetchedBytes(uri: uri, sha256: report.source.sha256) {
            fetched = StoredArtifact(data: data)
        } else if InputLocation.scheme(of: uri) == nil, uri != "-",
                  FileManager.default.fileExists(atPath: InputLocation.path(of: uri)) {
            guard case .fetched(let document)? = try? await stages.fetch.fetch(FetchRequest(uri: uri), validators: nil) else {
                return .unavailable("\(uri) could not be read again")
            }
            guard document.source.sha256 == report.source.sha256 else {
                return .unavailable("\(uri) has changed since the run (its SHA-256 is no longer the report's)")
            }
            fetched = StoredArtifact(data: nil, value: document)
        } else {
            return .unavailable("the fetched bytes of \(uri) are not in the work folder (a run keeps them unless --no-work; give review the run's --work)")
        }
        var tally: [StageID: RunSummary.StageCounts] = [:]
        do {
            let budget = TimeBudget(seconds: stages.pipeline.limits.secondsPerDocument)
            return try await TimeBudget.withBudget(budget) {
                let decoded = try await step(stages.decode, fetched, uri: uri, tally: &tally)
                let extracted = try await step(stages.extract, decoded, uri: uri, tally: &tally)
                return .normalized(try await step(stages.normalize, extracted, uri: uri, tally: &tally).value())
            }
        } catch {
            return .unavailable("the source of \(uri) no longer reads: \(error)")
        }
    }

    /// The fetch artifact stored for `uri` with content `sha256`, under the key ``process(_:)`` stored it.
    private func fetchedBytes(uri: String, sha256: String) -> Data? {
        work?.artifact(.fetch, key: fetchKey(uri: uri, sha256: sha256))
    }
}
