import Executors
import Foundation
import WorkflowParser

/// One run of a job: the state that changes while its steps run. Confined to the task that runs the job.
final class JobRun {
    let runner: JobRunner
    var definition: JobDefinition { runner.definition }
    let masker = SecretMasker()
    var status: ExecutionStatus = .success
    /// Variables steps added with `GITHUB_ENV` (or `set-env`), for every later step.
    var addedEnvironment: [String: String] = [:]
    /// Folders steps added with `GITHUB_PATH`, newest first.
    var addedPath: [String] = []
    /// The workflow's and the job's `env`, evaluated once at the start.
    var jobEnvironment: [String: String] = [:]
    var summary = ""
    /// Post steps of actions, run in reverse order after the job's steps.
    var postSteps: [PostStep] = []
    /// Numbers step folders, pre and post steps included, so no two share one.
    var stepSerial = 0
    var sandboxID: SandboxID?
    var services: [String: SandboxID] = [:]
    var paths = JobPaths(root: "", repository: "")
    /// Actions copied into the sandbox, by cache key: each goes in once per job.
    var copiedActions: [String: String] = [:]
    let debugEnabled: Bool
    /// Whether cancelling the job stops the running step: false for steps that start after the cancellation
    /// (they run because their `if:` asked for `always()` or `cancelled()`, and must finish).
    var stepsStoppable = true
    /// `bash -e {0}` when the job's image has bash, else `sh -e {0}` (found out once, at set-up).
    var defaultShell = StepShell.shDefault
    /// The job container's `--user`: steps and actions run as it (helper commands stay root).
    var containerUser: String?

    init(runner: JobRunner) {
        self.runner = runner
        let secrets = runner.definition.secrets
        debugEnabled = secrets["ACTIONS_STEP_DEBUG"] == "true" || runner.definition.vars["ACTIONS_STEP_DEBUG"] == "true"
        for value in secrets.values { masker.add(value) }
        for value in runner.definition.masks { masker.add(value) }
    }

    func execute() async -> JobResult {
        let steps = definition.job.steps.enumerated().map { PlannedStep(index: $0.offset, name: Self.displayName(of: $0.element, at: $0.offset)) }
        runner.reporter.jobStarted(runner.label, steps: steps.map(masked))
        var conclusions = Array(repeating: JobOutcome.skipped, count: steps.count)
        var outputs: [String: String] = [:]
        let watchdog = startJobTimeout()
        defer { watchdog?.cancel() }
        do {
            try await setUp()
            var scope = StepScope(inputs: definition.inputs, environment: [:], defaults: mergedDefaults(), depth: 0)
            try await runPreSteps(scope: scope)
            for (index, step) in definition.job.steps.enumerated() {
                runner.reporter.stepStarted(runner.label, step: masked(steps[index]))
                let record = await runStep(step, scope: &scope, logStep: index)
                conclusions[index] = record.conclusion
                runner.reporter.stepFinished(runner.label, step: masked(steps[index]), outcome: record.outcome,
                                             conclusion: record.conclusion)
            }
            await runPostSteps()
            if status == .success { outputs = evaluateJobOutputs(scope: scope) }
        } catch {
            report(JobAnnotation(level: .error, message: "\(error)"), step: nil)
            if status != .cancelled { status = .failure }
        }
        if let reason = runner.cancelReason {
            log(nil, reason)
            status = .cancelled
        }
        await tearDown()
        let result = JobResult(outcome: status.outcome, outputs: outputs, stepConclusions: conclusions, summary: mask(summary))
        runner.reporter.jobFinished(runner.label, result: result)
        return result
    }

    /// The job's `timeout-minutes` (default 360, as on GitHub), enforced by cancelling the job.
    private func startJobTimeout() -> Task<Void, Never>? {
        var minutes = 360.0
        if let timeout = definition.job.timeoutMinutes {
            switch timeout {
            case .value(let value): minutes = value.value
            case .expression(let text):
                if let value = try? evaluateTemplate(text, scope: nil).coercedNumber, value > 0 { minutes = value }
            }
        }
        let runner = runner
        let limit = Duration.milliseconds(Int(minutes * 60_000))
        let reason = "The job exceeded its maximum run time of \(Self.formatMinutes(minutes)) (timeout-minutes) and was cancelled."
        return Task {
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            runner.cancel(reason: reason)
        }
    }

    static func formatMinutes(_ minutes: Double) -> String {
        minutes == minutes.rounded() ? "\(Int(minutes)) minutes" : "\(minutes) minutes"
    }

    /// `defaults.run` of the job over the workflow's.
    private func mergedDefaults() -> StepDefaults {
        let workflow = definition.workflow.defaults
        let job = definition.job.defaults
        return StepDefaults(shell: job?.shell ?? workflow?.shell, workingDirectory: job?.workingDirectory ?? workflow?.workingDirectory)
    }

    /// What the log and the reporter call a step: its name, else what it runs.
    static func displayName(of step: Step, at index: Int) -> String {
        if let name = step.name?.value, !name.isEmpty { return name }
        if let run = step.run?.value {
            let first = run.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            return "Run " + first.trimmingCharacters(in: .whitespaces)
        }
        if let uses = step.uses?.value { return "Run " + uses }
        return "Step \(index + 1)"
    }

    // MARK: Logging

    func mask(_ text: String) -> String { masker.mask(text) }

    /// A step's name is its script's first line when it has no `name:`, so it may show a value an earlier step
    /// masked (`echo "$TOKEN"` after `::add-mask::`): it is masked whenever it is reported.
    func masked(_ step: PlannedStep) -> PlannedStep {
        PlannedStep(index: step.index, name: mask(step.name))
    }

    /// One line to the reporter, masked.
    func log(_ step: Int?, _ line: String) {
        runner.reporter.log(runner.label, step: step, line: mask(line))
    }
}

/// A post step an action registered (its `post:`), run after the job's steps.
struct PostStep {
    let name: String
    let run: (JobRun) async -> Void
}
