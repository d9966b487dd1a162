import Executors
import Foundation
import Testing
import WorkflowParser
@testable import RunnerCore

/// Every call a job made to its reporter, for tests to read back.
final class RecordingReporter: JobReporter, Sendable {
    struct Step: Equatable {
        var job: String
        var name: String
        var outcome: JobOutcome
        var conclusion: JobOutcome
    }

    private struct Record {
        var lines: [(job: String, step: Int?, line: String)] = []
        var annotations: [JobAnnotation] = []
        var steps: [Step] = []
        var finished: [String: JobResult] = [:]
        var started: [String] = []
    }

    private let record = LockedValue(Record())

    func jobStarted(_ job: String, steps: [PlannedStep]) { record.withLock { $0.started.append(job) } }
    func stepStarted(_ job: String, step: PlannedStep) {}
    func log(_ job: String, step: Int?, line: String) { record.withLock { $0.lines.append((job, step, line)) } }
    func annotation(_ job: String, step: Int?, _ annotation: JobAnnotation) { record.withLock { $0.annotations.append(annotation) } }
    func stepFinished(_ job: String, step: PlannedStep, outcome: JobOutcome, conclusion: JobOutcome) {
        record.withLock { $0.steps.append(Step(job: job, name: step.name, outcome: outcome, conclusion: conclusion)) }
    }
    func jobFinished(_ job: String, result: JobResult) { record.withLock { $0.finished[job] = result } }

    var lines: [String] { record.withLock { $0.lines.map(\.line) } }
    var log: String { lines.joined(separator: "\n") }
    var annotations: [JobAnnotation] { record.withLock { $0.annotations } }
    var steps: [Step] { record.withLock { $0.steps } }
    var started: [String] { record.withLock { $0.started } }
    func lines(ofStep index: Int) -> [String] { record.withLock { $0.lines.filter { $0.step == index }.map(\.line) } }
}

/// Runs one job of `yaml`, by default on the host (HostSandbox under a temporary folder) as `exec --host` does.
struct HostJob {
    let root = NSTemporaryDirectory() + "job-tests-\(UUID().uuidString)"
    var secrets: [String: String] = [:]
    var workspace: String?
    var actions: (any ActionProvider)?
    var skipsCheckout = false
    /// Where the job runs; nil is the host.
    var placement: JobPlacement?

    func run(_ yaml: String, job: String? = nil, timeout: Duration? = nil,
             whileRunning: (@Sendable (JobRunner) async -> Void)? = nil) async throws -> (JobResult, RecordingReporter) {
        let reporter = RecordingReporter()
        return (try await run(yaml, job: job, reporter: reporter, whileRunning: whileRunning), reporter)
    }

    /// Runs the job reporting to `reporter`.
    func run(_ yaml: String, job: String? = nil, reporter: any JobReporter,
             whileRunning: (@Sendable (JobRunner) async -> Void)? = nil) async throws -> JobResult {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workflow = try WorkflowLoader().load(yaml, file: ".forgejo/workflows/test.yml")
        let selected = try #require(job.map { workflow.job($0) } ?? workflow.jobs.first)
        let github = ExpressionObject([(key: "repository", value: "owner/repo"), (key: "event_name", value: "push"),
                                       (key: "sha", value: .string(String(repeating: "a", count: 40)))])
        let definition = JobDefinition(workflow: workflow, job: selected, github: github, secrets: secrets, skipsCheckout: skipsCheckout)
        let placement = try self.placement ?? JobPlacement(sandbox: try HostSandbox(root: root), image: .native, isHost: true)
        let runner = JobRunner(definition: definition, placement: placement,
                               reporter: reporter, actions: actions,
                               workspaceSource: workspace.map { WorkspaceSource(path: $0) })
        let watcher = whileRunning.map { body in Task { await body(runner) } }
        let result = await runner.run()
        await watcher?.value
        return result
    }
}
