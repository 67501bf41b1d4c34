/// The time one document may spend in the stages (`limits.seconds_per_document` in a pipeline).
///
/// Swift cannot stop a running function from outside, so the budget is cooperative: the runner binds it to
/// the document's task (``withBudget(_:operation:)``), and stages call ``check(_:)`` in the loops whose
/// length depends on the input (lines, tables, search steps). Code inside a C library (libxml2, OpenCC)
/// is not interrupted; its work is bounded by the byte, line and depth limits instead, and the budget is
/// checked again as soon as it returns.
public struct TimeBudget: Sendable {
    public let seconds: Double
    private let deadline: ContinuousClock.Instant

    public init(seconds: Double) {
        self.seconds = seconds
        // Durations beyond about 292 years overflow; a budget that large means "no limit" anyway.
        deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(min(max(seconds, 0), 1e12) * 1000)))
    }

    public var isSpent: Bool { ContinuousClock.now >= deadline }

    /// The budget of the document the current task works on, if any.
    @TaskLocal public static var current: TimeBudget?

    /// Runs `operation` with `budget` as the current task's budget (no budget when nil).
    public static func withBudget<T: Sendable>(_ budget: TimeBudget?, operation: () async throws -> T) async rethrows -> T {
        try await $current.withValue(budget, operation: operation)
    }

    /// Throws `<stage>.too-slow` once the current document's budget is spent; free when there is no budget.
    /// Costs a task-local read and a clock read: call it per line or per search step, not per character.
    public static func check(_ stage: StageID) throws {
        guard let budget = current, budget.isSpent else { return }
        throw GazetteError(stage: stage, code: .tooSlow(stage),
                           message: "the document took longer than the limit of \(budget.seconds) s (limits.seconds_per_document); "
                               + "the input is probably pathological for this stage")
    }
}

/// Counts calls and checks the budget on the first and then every `interval`-th, for loops too hot to read
/// the clock each time. The first call checks too, so that many short searches each still look once.
public struct BudgetTicker: Sendable {
    private var count = 0
    private let interval: Int
    private let stage: StageID

    public init(_ stage: StageID, every interval: Int = 1024) {
        self.stage = stage
        self.interval = max(1, interval)
    }

    public mutating func tick() throws {
        if count % interval == 0 { try TimeBudget.check(stage) }
        count += 1
    }
}
