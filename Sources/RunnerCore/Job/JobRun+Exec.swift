import Executors
import Foundation
import WorkflowParser

/// How a step's command ended.
enum StepExit {
    case exited(ExitStatus)
    /// The sandbox could not run it (the error says why).
    case failed(any Error)
    case cancelled
    case timedOut(Duration)
}

/// What a step's output and files asked for: its outputs and state, variables and PATH entries for later steps.
struct StepEffects {
    var outputs: [String: String] = [:]
    var state: [String: String] = [:]
    var environment: [String: String] = [:]
    var path: [String] = []
    var summary = ""
}

extension JobRun {
    var jobSandbox: SandboxID {
        get throws {
            guard let sandboxID else { throw JobError("the job's sandbox is gone") }
            return sandboxID
        }
    }

    /// Runs a helper command in the job's sandbox and returns its standard output; a failure throws with its
    /// standard error.
    /// On a host label `.` is the sandbox's own folder.
    func capture(_ arguments: [String], input: [UInt8]? = nil, workingDirectory: String = "/", user: String? = nil) async throws -> String {
        let id = try jobSandbox
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var status: ExitStatus?
        let request = ExecRequest(arguments: arguments, workingDirectory: workingDirectory, user: user, standardInput: input)
        for try await event in runner.placement.sandbox.exec(id, request) {
            switch event {
            case .standardOutput(let bytes): output += bytes
            case .standardError(let bytes): errors += bytes
            case .exit(let exit): status = exit
            }
        }
        guard status == .exited(0) else {
            throw JobError("`\(arguments.joined(separator: " "))` failed in the job's sandbox (\(status.map(String.init(describing:)) ?? "no status")): "
                + String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Runs a command in sandbox `id`, dropping its output; nil when it ran out of time.
    func run(_ arguments: [String], in id: SandboxID, timeout: Duration) async throws -> ExitStatus? {
        let stream = runner.placement.sandbox.exec(id, ExecRequest(arguments: arguments))
        return try await withThrowingTaskGroup(of: ExitStatus?.self) { group in
            group.addTask {
                for try await event in stream { if case .exit(let status) = event { return status } }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Runs a step's command in the job's sandbox (or `sandbox`, a container action's): every output line goes
    /// through the workflow-command processor and the masker to the log. Cancelling the job or reaching
    /// `timeout` kills the command.
    func stream(_ request: ExecRequest, in sandbox: SandboxID? = nil, step: Int?, effects: inout StepEffects,
                timeout: Duration?) async -> StepExit {
        let id: SandboxID
        do { id = try sandbox ?? jobSandbox } catch { return .failed(error) }
        let events = runner.placement.sandbox.exec(id, request)
        let (relay, continuation) = AsyncThrowingStream.makeStream(of: ExecEvent.self)
        let forwarder = Task {
            do {
                for try await event in events { continuation.yield(event) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let stoppable = stepsStoppable
        let cancelledMeanwhile = runner.cancellation.withLock { state -> Bool in
            if stoppable { state.runningStep = forwarder }
            return stoppable && state.reason != nil
        }
        if cancelledMeanwhile { forwarder.cancel() }
        let timedOut = LockedValue(false)
        let timer = timeout.map { limit in
            Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                timedOut.withLock { $0 = true }
                forwarder.cancel()
            }
        }
        defer {
            timer?.cancel()
            runner.cancellation.withLock { $0.runningStep = nil }
        }
        var processor = WorkflowCommandProcessor(debugEnabled: debugEnabled, allowUnsecureCommands: allowsUnsecureCommands(request))
        var standardOutput = LogLineAssembler()
        var standardError = LogLineAssembler()
        var status: ExitStatus?
        do {
            for try await event in relay {
                switch event {
                case .standardOutput(let bytes):
                    for line in standardOutput.append(bytes) { apply(processor.process(line), step: step, effects: &effects) }
                case .standardError(let bytes):
                    for line in standardError.append(bytes) { apply(processor.process(line), step: step, effects: &effects) }
                case .exit(let exit): status = exit
                }
            }
        } catch {
            return .failed(error)
        }
        for line in [standardOutput.flush(), standardError.flush()].compactMap({ $0 }) {
            apply(processor.process(line), step: step, effects: &effects)
        }
        if let status { return .exited(status) }
        if let timeout, timedOut.withLock({ $0 }) { return .timedOut(timeout) }
        return .cancelled
    }

    private func allowsUnsecureCommands(_ request: ExecRequest) -> Bool {
        (request.environment["ACTIONS_ALLOW_UNSECURE_COMMANDS"] ?? currentEnvironment(scope: nil)["ACTIONS_ALLOW_UNSECURE_COMMANDS"]) == "true"
    }

    /// Carries out what one output line asked for.
    private func apply(_ commandEffects: [CommandEffect], step: Int?, effects: inout StepEffects) {
        for effect in commandEffects {
            switch effect {
            case .print(let line): log(step, line)
            case .addMask(let value): masker.add(value)
            case .setOutput(let name, let value): effects.outputs[name] = value
            case .saveState(let name, let value): effects.state[name] = value
            case .setEnv(let name, let value): effects.environment[name] = value
            case .addPath(let path): effects.path.append(path)
            case .annotation(let annotation):
                report(JobAnnotation(level: JobAnnotation.Level(rawValue: annotation.level.rawValue) ?? .error,
                                     message: annotation.message, file: annotation.file, line: annotation.line,
                                     column: annotation.column, title: annotation.title), step: step)
            case .group(let title): log(step, "::group::" + title)
            case .endGroup: log(step, "::endgroup::")
            case .debug(let message): log(step, "##[debug]" + message)
            case .warningAbout(let message): report(JobAnnotation(level: .warning, message: message), step: step)
            }
        }
    }

    /// An annotation, masked, to the reporter and as a log line.
    func report(_ annotation: JobAnnotation, step: Int?) {
        var masked = annotation
        masked.message = mask(annotation.message)
        masked.title = annotation.title.map(mask)
        runner.reporter.annotation(runner.label, step: step, masked)
        let place = masked.place.map { " (\($0))" } ?? ""
        log(step, "\(annotation.level.rawValue.capitalized)\(place): \(masked.message)")
    }
}
