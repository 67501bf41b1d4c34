import GazetteCore

/// Which stages a run must redo, and which it may take from the work folder (`--from`, `--only`, `--force`).
public struct RunPolicy: Sendable, Equatable {
    /// Re-run this stage and every stage after it.
    public var from: StageID?
    /// Re-run this stage alone; the others are taken from the work folder where their input is unchanged.
    public var only: StageID?
    /// Ignore the work folder: re-run everything.
    public var force: Bool

    public init(from: StageID? = nil, only: StageID? = nil, force: Bool = false) {
        self.from = from
        self.only = only
        self.force = force
    }

    func mustRun(_ stage: StageID) -> Bool {
        force || only == stage || from.map { stage >= $0 } == true
    }

    /// With `--from`/`--only` past fetch, inputs are taken from the work folder without touching their source:
    /// the point is to redo later stages on exactly what was fetched before.
    var reusesFetchedInputs: Bool {
        !force && ((from.map { $0 > .fetch } ?? false) || (only.map { $0 > .fetch } ?? false))
    }
}
