import WorkflowParser

/// How a step or a job ended, in the words of the `steps` and `needs` contexts.
public enum JobOutcome: String, Sendable, Equatable, Codable {
    case success, failure, cancelled, skipped
}

/// A step of a job as the reporter lists it before the job starts (Forgejo shows the list up front).
public struct PlannedStep: Sendable, Equatable {
    public var index: Int
    public var name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// An error, warning or notice a step raised (`::error file=…::message`) or the runner raised about a step.
public struct JobAnnotation: Sendable, Equatable {
    public enum Level: String, Sendable { case notice, warning, error }
    public var level: Level
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var title: String?

    public init(level: Level, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
                title: String? = nil) {
        self.level = level
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.title = title
    }

    /// `file:line:col` when the annotation names a place.
    public var place: String? {
        guard let file else { return nil }
        return [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
    }
}

/// Where a running job's progress goes: the terminal for `exec`, Forgejo for the daemon. Everything a reporter
/// receives is already masked. Calls come in order from one job; a reporter shared by parallel jobs tells them
/// apart by the `JobRunner`'s label.
public protocol JobReporter: Sendable {
    /// The job begins; `steps` are the job's own steps (pre and post steps of actions belong to none).
    func jobStarted(_ job: String, steps: [PlannedStep])
    func stepStarted(_ job: String, step: PlannedStep)
    /// One line of log, without its line end; `step` is nil for set-up, clean-up, pre and post lines.
    func log(_ job: String, step: Int?, line: String)
    func annotation(_ job: String, step: Int?, _ annotation: JobAnnotation)
    func stepFinished(_ job: String, step: PlannedStep, outcome: JobOutcome, conclusion: JobOutcome)
    func jobFinished(_ job: String, result: JobResult)
}

/// What a job left: its result, its outputs (evaluated after its steps) and each step's outcome.
public struct JobResult: Sendable, Equatable {
    public var outcome: JobOutcome
    public var outputs: [String: String]
    public var stepConclusions: [JobOutcome]
    /// The step summaries (`GITHUB_STEP_SUMMARY`), masked, in step order.
    public var summary: String

    public init(outcome: JobOutcome, outputs: [String: String] = [:], stepConclusions: [JobOutcome] = [],
                summary: String = "") {
        self.outcome = outcome
        self.outputs = outputs
        self.stepConclusions = stepConclusions
        self.summary = summary
    }
}
