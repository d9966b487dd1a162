import Executors
import Foundation
import WorkflowParser

extension JobRun {
    /// Runs one step at `scope`'s level (the job's, or a composite action's) under its `if:`, and records its
    /// outcome and outputs in the scope's `steps` context.
    func runStep(_ step: Step, scope: inout StepScope, logStep: Int?) async -> StepRecord {
        if runner.cancelReason != nil {
            scope.status = .cancelled
            stepsStoppable = false
        }
        let record = await evaluateAndRun(step, scope: &scope, logStep: logStep)
        scope.record(step.id?.value, record)
        if record.outcome == .cancelled {
            scope.status = .cancelled
        } else if record.conclusion == .failure, scope.status == .success {
            scope.status = .failure
        }
        if scope.depth == 0 { status = scope.status }
        return record
    }

    private func evaluateAndRun(_ step: Step, scope: inout StepScope, logStep: Int?) async -> StepRecord {
        let shouldRun: Bool
        do {
            shouldRun = try Condition.holds(step.condition, in: evaluationContext(scope: scope, environment: currentEnvironment(scope: scope)))
        } catch {
            report(JobAnnotation(level: .error, message: "\(error)"), step: logStep)
            return StepRecord(outcome: .failure, conclusion: .failure)
        }
        guard shouldRun else {
            if let condition = step.condition { log(logStep, "Skipped: the condition `\(condition.value)` is false") }
            return StepRecord(outcome: .skipped, conclusion: .skipped)
        }
        var effects = StepEffects()
        let outcome: JobOutcome
        var continueOnError = false
        do {
            continueOnError = try evaluateFlag(step.continueOnError, scope: scope)
            let environment = try evaluateEnvironment(step.env, scope: scope, base: [:])
            let timeout = try stepTimeout(step, scope: scope)
            switch step.action {
            case .run(let script):
                outcome = try await runScript(script, step: step, scope: scope, environment: environment,
                                              logStep: logStep, effects: &effects, timeout: timeout)
            case .uses(let text, let reference):
                guard let reference else { throw JobError("\(text.location): `uses: \(text.value)` names no action") }
                outcome = try await runAction(reference, step: step, scope: &scope, environment: environment,
                                              logStep: logStep, effects: &effects, timeout: timeout)
            case nil:
                throw JobError("\(step.location): the step has neither run: nor uses:")
            }
        } catch {
            report(JobAnnotation(level: .error, message: "\(error)"), step: logStep)
            return StepRecord(outputs: effects.outputs, outcome: .failure, conclusion: continueOnError ? .success : .failure)
        }
        let conclusion: JobOutcome = outcome == .failure && continueOnError ? .success : outcome
        return StepRecord(outputs: effects.outputs, outcome: outcome, conclusion: conclusion)
    }

    /// A `run:` step: the script through its shell, then its file commands.
    private func runScript(_ script: Located<String>, step: Step, scope: StepScope, environment: [String: String],
                           logStep: Int?, effects: inout StepEffects, timeout: Duration?) async throws -> JobOutcome {
        let text = try evaluateString(script, scope: scope, environment: currentEnvironment(scope: scope).merging(environment) { $1 })
        let shellName = try (step.shell ?? scope.defaults.shell).map { try evaluateString($0, scope: scope) }
        let shell: StepShell
        do {
            shell = try StepShell.named(shellName, default: defaultShell)
        } catch {
            throw JobError("\((step.shell ?? scope.defaults.shell)?.location.description ?? "\(step.location)"): \(error)")
        }
        let directory = try (step.workingDirectory ?? scope.defaults.workingDirectory).map { try evaluateString($0, scope: scope) }
        let files = nextStepFiles()
        let scriptPath = files.scriptPath(extension: shell.fileExtension)
        let request = files.request(script: text, scriptPath: scriptPath, command: shell.arguments(script: scriptPath),
                                    workingDirectory: workingDirectory(directory),
                                    environment: stepEnvironment(scope: scope, step: environment, files: files),
                                    user: containerUser)
        return try await finish(request, files: files, logStep: logStep, effects: &effects, timeout: timeout)
    }

    /// Runs a prepared step command, reads its file commands and says how it went.
    func finish(_ request: ExecRequest, in sandbox: SandboxID? = nil, files: StepFiles?, logStep: Int?,
                effects: inout StepEffects, timeout: Duration?) async throws -> JobOutcome {
        let exit = await stream(request, in: sandbox, step: logStep, effects: &effects, timeout: timeout)
        let outcome: JobOutcome
        switch exit {
        case .exited(let status):
            outcome = status == .exited(0) ? .success : .failure
            if case .exited(let code) = status, code != 0 { log(logStep, "Error: the step's command exited with code \(code)") }
            if case .signaled(let signal) = status {
                log(logStep, "Error: the step's command was killed by signal \(signal)\(signal == 9 ? " (out of memory, or over a limit)" : "")")
            }
        case .failed(let error):
            throw error
        case .cancelled:
            log(logStep, "The step was cancelled")
            return .cancelled
        case .timedOut(let limit):
            report(JobAnnotation(level: .error, message: "The step exceeded its timeout of \(limit) (timeout-minutes) and was stopped"), step: logStep)
            return .failure
        }
        if let files { try await readFileCommands(files, in: try sandbox ?? jobSandbox, effects: &effects) }
        apply(effects)
        return outcome
    }

    /// The next fresh folder for a step's script and files.
    func nextStepFiles() -> StepFiles {
        stepSerial += 1
        return StepFiles(directory: paths.stepFiles, serial: stepSerial)
    }

    /// A step's working folder: relative ones are inside the workspace.
    func workingDirectory(_ directory: String?) -> String {
        guard let directory, !directory.isEmpty else { return paths.workspace }
        return directory.hasPrefix("/") ? directory : paths.workspace + "/" + directory
    }

    /// Every variable a step's command gets: the runner's, the job's, what earlier steps added, the scope's,
    /// the step's own `env`, its file-command paths, and the PATH entries steps added.
    func stepEnvironment(scope: StepScope, step: [String: String], files: StepFiles) -> [String: String] {
        var environment = runnerEnvironment(scope: scope)
        environment.merge(currentEnvironment(scope: scope)) { $1 }
        environment.merge(step) { $1 }
        environment.merge(files.environment) { $1 }
        if !addedPath.isEmpty { environment["SWIFT_RUNNER_PATH_PREFIX"] = addedPath.joined(separator: ":") }
        return environment
    }

    /// Reads `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_STATE` and `GITHUB_STEP_SUMMARY` back.
    private func readFileCommands(_ files: StepFiles, in sandbox: SandboxID, effects: inout StepEffects) async throws {
        let contents = try await files.collect(from: runner.placement.sandbox, sandbox)
        if let text = contents[.output] {
            for pair in try FileCommandParser.parseKeyValues(text, file: "GITHUB_OUTPUT") { effects.outputs[pair.name] = pair.value }
        }
        if let text = contents[.env] {
            for pair in try FileCommandParser.parseKeyValues(text, file: "GITHUB_ENV") { effects.environment[pair.name] = pair.value }
        }
        if let text = contents[.state] {
            for pair in try FileCommandParser.parseKeyValues(text, file: "GITHUB_STATE") { effects.state[pair.name] = pair.value }
        }
        if let text = contents[.path] { effects.path += FileCommandParser.parsePaths(text) }
        if let text = contents[.summary], !text.isEmpty { effects.summary += text }
    }

    /// Makes a step's variables, PATH entries and summary count for the steps after it.
    private func apply(_ effects: StepEffects) {
        addedEnvironment.merge(effects.environment) { $1 }
        for path in effects.path where !addedPath.contains(path) { addedPath.insert(path, at: 0) }
        if !effects.summary.isEmpty { summary += effects.summary.hasSuffix("\n") ? effects.summary : effects.summary + "\n" }
    }

    func evaluateFlag(_ flag: Expressible<Bool>?, scope: StepScope) throws -> Bool {
        switch flag {
        case nil: return false
        case .value(let value): return value.value
        case .expression(let text): return try evaluateTemplate(text, scope: scope).isTruthy
        }
    }

    private func stepTimeout(_ step: Step, scope: StepScope) throws -> Duration? {
        let minutes: Double
        switch step.timeoutMinutes {
        case nil: return nil
        case .value(let value): minutes = value.value
        case .expression(let text): minutes = try evaluateTemplate(text, scope: scope).coercedNumber
        }
        guard minutes > 0, minutes.isFinite else { return nil }
        return .milliseconds(Int(minutes * 60_000))
    }
}
