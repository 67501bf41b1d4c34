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
    ///
    /// A record of a crawler's export is read again from its container through `records` (one pass over each
    /// container, as reports.jsonl lists its records in order), on the same condition.
    public func sourceText(of report: Report, records: RecordCursor? = nil) async -> SourceText {
        let uri = report.source.uri
        let fetched: StoredArtifact<FetchedDocument>
        if let artifact = fetchedArtifact(uri: uri, sha256: report.source.sha256) {
            fetched = StoredArtifact(artifact)
        } else if let again = readAgain(report.source, records: records) {
            guard case .fetched(let document)? = try? await stages.fetch.fetch(again, validators: nil) else {
                return .unavailable("\(uri) could not be read again")
            }
            guard document.source.sha256 == report.source.sha256 else {
                return .unavailable("\(uri) has changed since the run (its SHA-256 is no longer the report's)")
            }
            fetched = StoredArtifact(value: document)
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

    /// The request that reads a report's source again: its record from the container, or its local file.
    private func readAgain(_ source: Source, records: RecordCursor?) -> FetchRequest? {
        if let record = source.record { return records?.request(for: record) }
        guard InputLocation.scheme(of: source.uri) == nil, source.uri != "-",
              FileManager.default.fileExists(atPath: InputLocation.path(of: source.uri)) else { return nil }
        return FetchRequest(uri: source.uri)
    }

    /// The fetch artifact stored for `uri` with content `sha256`, under the key ``process(_:)`` stored it.
    private func fetchedArtifact(uri: String, sha256: String) -> WorkFolder.Artifact? {
        work?.artifact(.fetch, key: fetchKey(uri: uri, sha256: sha256))
    }
}

/// The records of crawlers' exports read again, for reports whose fetched bytes the work folder does not hold.
///
/// reports.jsonl lists a container's records in file order, so reading each container once, forward, serves
/// all its reports; a record asked for behind the last one read reopens the container. Fields are found as the
/// pipeline names them (a run's `--field` options are not known here: a record read with other fields has other
/// bytes, and its digest tells).
public final class RecordCursor {
    private let fieldNames: [String: String]
    private let maxBytes: Int
    private var container: String?
    private var records: AnyIterator<FetchRequest>?
    /// The number of the last record read from `container`.
    private var position = 0

    public init(stages: StageSet) {
        fieldNames = stages.fetch.options.fields
        maxBytes = stages.fetch.options.maxBytes
    }

    /// The request for `record`, read again from its container; nil when the container no longer holds it.
    func request(for record: SourceRecord) -> FetchRequest? {
        if container != record.container || record.number <= position || records == nil {
            container = record.container
            position = 0
            records = RecordContainer.documents(of: FetchRequest(uri: record.container), named: fieldNames, maxBytes: maxBytes)
        }
        while let next = records?.next() {
            guard let number = next.record?.number else { continue }
            position = number
            if number == record.number { return next.problem == nil ? next : nil }
            if number > record.number { return nil }
        }
        return nil
    }
}
