/// `run.json`: what a run did (SPEC.md). Invariant: `inputs == ingested + failed`.
public struct RunSummary: Codable, Sendable, Equatable {
    public struct StageCounts: Codable, Sendable, Equatable {
        /// Documents this stage processed in this run.
        public var ran = 0
        /// Documents whose output this stage took from the work folder.
        public var cached = 0
        public var failed = 0
        /// Time spent running the stage, summed over documents (cache reads excluded).
        public var seconds = 0.0

        public init() {}
    }

    public var inputs = 0
    public var ingested = 0
    public var failed = 0
    public var stages: [String: StageCounts]

    public init() {
        stages = Dictionary(uniqueKeysWithValues: StageID.allCases.map { ($0.rawValue, StageCounts()) })
    }
}

/// One line of `errors.jsonl`: an input that did not become a report, and why.
public struct ErrorRecord: Codable, Sendable, Equatable {
    public var input: String
    public var stage: StageID
    public var code: String
    public var message: String

    public init(input: String, stage: StageID, code: String, message: String) {
        self.input = input
        self.stage = stage
        self.code = code
        self.message = message
    }

    public init(_ error: GazetteError, input: String) {
        self.init(input: input, stage: error.stage, code: error.code.rawValue, message: error.message)
    }
}
