import Foundation
import GazetteCore
import GazetteEmit
import GazetteFetch

/// What became of one input.
public enum DocumentOutcome: Sendable {
    case ingested(EmittedRecords)
    case failed(ErrorRecord)
}

/// One input's outcome and what each stage did for it.
public struct DocumentResult: Sendable {
    public var outcome: DocumentOutcome
    public var stages: [StageID: RunSummary.StageCounts]
    /// The report object, when the document got that far.
    public var report: Report?
}

/// Runs one document through the six stages, taking each stage's output from the work folder when its
/// key is there and the policy allows, and storing what it computes.
///
/// Errors never escape: a ``GazetteError`` becomes the document's error record; any other error is
/// wrapped as `<stage>.internal`, so one bad document never stops a run.
public struct DocumentProcessor: Sendable {
    let stages: StageSet
    let work: WorkFolder?
    let policy: RunPolicy

    public init(stages: StageSet, work: WorkFolder?, policy: RunPolicy) {
        self.stages = stages
        self.work = work
        self.policy = policy
    }

    public func process(_ request: FetchRequest) async -> DocumentResult {
        var tally: [StageID: RunSummary.StageCounts] = [:]
        var report: Report?
        do {
            let fetched = try await fetch(request, tally: &tally)
            // The time limit counts from decode: fetching has its own timeouts and may wait out a server's
            // Retry-After, which says nothing about the document.
            let budget = TimeBudget(seconds: stages.pipeline.limits.secondsPerDocument)
            let emitted = try await TimeBudget.withBudget(budget) {
                let decoded = try await step(stages.decode, fetched, uri: request.uri, tally: &tally)
                let extracted = try await step(stages.extract, decoded, uri: request.uri, tally: &tally)
                let normalized = try await step(stages.normalize, extracted, uri: request.uri, tally: &tally)
                // Emit is not kept, so no key is made of the report's digest: the work folder's writer makes it.
                var reconstructed = try await step(stages.reconstruct, normalized, uri: request.uri, tally: &tally, keysNextStage: false)
                // Decoded once (when it came from the work folder) for the result and for emit alike.
                if let value = try? reconstructed.value() {
                    report = value
                    reconstructed = reconstructed.keeping(value)
                }
                // The report's JSON line, encoded once for reports.jsonl and the records' report JSON alike.
                let reportJSON = try ReportJSON.encode(reconstructed.value())
                // Emit's records are not kept: flattening a report costs less than storing its records and reading
                // them back (a fifth of the work folder's bytes for 2 % of a run's time; issue 15).
                let emitted = try await step(stages.emit, reconstructed, uri: request.uri, tally: &tally, kept: false) { report in
                    stages.emit.records(report, reportJSON: reportJSON)
                }
                var records = try emitted.value()
                records.reportJSON = reportJSON
                return records
            }
            return DocumentResult(outcome: .ingested(emitted), stages: tally, report: report)
        } catch let failure as StageFailure {
            return DocumentResult(outcome: .failed(ErrorRecord(failure.error, input: request.uri)), stages: tally,
                                  report: report)
        } catch {
            let record = ErrorRecord(input: request.uri, stage: .emit, code: GazetteError.Code.internal(.emit).rawValue,
                                     message: "\(error)")
            return DocumentResult(outcome: .failed(record), stages: tally, report: report)
        }
    }

    /// A stage's error, with the stage it happened in.
    private struct StageFailure: Error {
        var error: GazetteError
    }

    /// `compute` is the stage's work, `stage.run` unless the caller has a shortcut. A stage not `kept` always
    /// runs and leaves nothing in the work folder. `keysNextStage`: the next stage's key is made of this one's
    /// output (its digest is then made at once).
    func step<S: Stage>(_ stage: S, _ input: StoredArtifact<S.Input>, uri: String,
                                tally: inout [StageID: RunSummary.StageCounts], kept: Bool = true, keysNextStage: Bool = true,
                                compute: ((S.Input) async throws -> S.Output)? = nil) async throws -> StoredArtifact<S.Output> {
        let work = kept ? work : nil
        let key = work == nil ? "" : WorkFolder.key(stage: S.id, version: S.version, optionsDigest: stages.optionsDigests[S.id]!,
                                                    inputDigest: input.digest)
        if let work, !policy.mustRun(S.id), let artifact = work.artifact(S.id, key: key) {
            tally[S.id, default: .init()].cached += 1
            return StoredArtifact(artifact)
        }
        let started = Date()
        do {
            let output = try await (compute ?? stage.run)(try input.value())
            let stored = try StoredArtifact(value: output, kept: work != nil, digested: keysNextStage)
            // Written behind the document; a work folder that cannot be written only costs re-use later.
            if let work, let data = stored.data { work.store(data, digest: stored.knownDigest, stage: S.id, key: key) }
            // A stage that spent the budget without reaching one of its own checks is named here; its output
            // stays stored, as it is right, only late.
            try TimeBudget.check(S.id)
            tally[S.id, default: .init()].ran += 1
            tally[S.id, default: .init()].seconds += Date().timeIntervalSince(started)
            return stored
        } catch {
            tally[S.id, default: .init()].failed += 1
            throw StageFailure(error: Self.gazetteError(error, stage: S.id, uri: uri))
        }
    }

    private func fetch(_ request: FetchRequest, tally: inout [StageID: RunSummary.StageCounts]) async throws
        -> StoredArtifact<FetchedDocument> {
        let isURL = InputLocation.scheme(of: request.uri) != nil
        let isLocalFile = request.content == nil && !isURL && request.uri != "-"
        let path = InputLocation.path(of: request.uri)
        let record = request.content == nil ? work?.input(request.uri) : nil
        if let work, let record, !policy.mustRun(.fetch) {
            let unchanged = policy.reusesFetchedInputs
                || (isLocalFile && record.file != nil && record.file == FileStatus.of(path))
            if unchanged, let artifact = work.artifact(.fetch, key: record.fetchKey) {
                tally[.fetch, default: .init()].cached += 1
                return StoredArtifact(artifact)
            }
        }
        let status = isLocalFile ? FileStatus.of(path) : nil
        let started = Date()
        do {
            // A URL fetched before is asked for again only if it changed (ETag / Last-Modified).
            let validators = isURL && !policy.mustRun(.fetch) ? record?.validators : nil
            let fetched: FetchedDocument
            switch try await stages.fetch.fetch(request, validators: validators) {
            case .fetched(let document):
                fetched = document
            case .notModified:
                if let record, let artifact = work?.artifact(.fetch, key: record.fetchKey) {
                    tally[.fetch, default: .init()].cached += 1
                    return StoredArtifact(artifact)
                }
                // The cached copy is gone: ask again without conditions.
                guard case .fetched(let document) = try await stages.fetch.fetch(request, validators: nil) else {
                    throw GazetteError(stage: .fetch, code: .fetchNotCached, message: "the server answered 304 to an unconditional request",
                                       input: request.uri)
                }
                fetched = document
            }
            let key = fetchKey(uri: request.uri, sha256: fetched.source.sha256)
            // The same bytes as before: keep the stored artifact (and its first fetch time), so the stages
            // after fetch, keyed by its digest, are reused.
            let kept = work?.artifact(.fetch, key: key).map { StoredArtifact<FetchedDocument>($0) }
            let stored = try kept ?? StoredArtifact(value: fetched, kept: work != nil)
            if let work, let data = stored.data {
                // Bytes the folder holds already are not handed to it again.
                if kept == nil { work.store(data, digest: stored.digest, stage: .fetch, key: key) }
                if request.content == nil {
                    work.store(WorkFolder.InputRecord(uri: request.uri, fetchKey: key, file: status,
                                                      validators: fetched.validators))
                }
            }
            tally[.fetch, default: .init()].ran += 1
            tally[.fetch, default: .init()].seconds += Date().timeIntervalSince(started)
            return stored
        } catch {
            tally[.fetch, default: .init()].failed += 1
            throw StageFailure(error: Self.gazetteError(error, stage: .fetch, uri: request.uri))
        }
    }

    /// The work-folder key of what fetch gave for `uri`: its name and its bytes' digest.
    func fetchKey(uri: String, sha256: String) -> String {
        WorkFolder.key(stage: .fetch, version: FetchStage.version, optionsDigest: stages.optionsDigests[.fetch]!,
                       inputDigest: ContentDigest.hex("\(uri)\n\(sha256)"))
    }

    private static func gazetteError(_ error: any Error, stage: StageID, uri: String) -> GazetteError {
        if var error = error as? GazetteError {
            error.input = error.input ?? uri
            return error
        }
        return GazetteError(stage: stage, code: .internal(stage), message: "unexpected failure: \(error)", input: uri)
    }
}
