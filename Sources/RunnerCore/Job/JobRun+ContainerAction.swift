import Executors
import Foundation
import WorkflowParser

/// A container action to run: `uses: docker://IMAGE`, or an action.yml with `runs.using: docker` and
/// `image: docker://IMAGE`.
struct ContainerAction {
    var image: String
    /// Replaces the image's entrypoint when not empty.
    var entrypoint: [String]
    var arguments: [String]
    var environment: [String: String]

    /// `entrypoint` is split into words, as the reference runner does: `entrypoint: /bin/sh -c` with `args: [env]`
    /// runs `/bin/sh -c env` (Docker would look for a program called "/bin/sh -c"). Nil or empty keeps the image's.
    init(image: String, entrypoint: String?, arguments: [String], environment: [String: String]) throws(JobError) {
        guard let words = ShellWords.split(entrypoint ?? "") else {
            throw JobError("the entrypoint `\(entrypoint ?? "")` of container action \(image) has an unclosed quote")
        }
        self.image = image
        self.entrypoint = words
        self.arguments = arguments
        self.environment = environment
    }

    /// What the sandbox runs: the entrypoint's words and the arguments, or the arguments after the image's own
    /// entrypoint (`runsImageProgram`).
    var commandLine: [String] { entrypoint + arguments }
    var runsImageProgram: Bool { entrypoint.isEmpty }
}

extension JobRun {
    /// Runs a container action in a sandbox of its own that shares the job's network: the workspace is copied in
    /// before and back after (a sandbox has no bind mounts to share), the file-command files live in the action's
    /// sandbox and are read from there.
    func runContainerAction(_ action: ContainerAction, scope: StepScope, logStep: Int?, effects: inout StepEffects,
                            timeout: Duration?) async throws -> JobOutcome {
        guard !runner.placement.isHost else {
            throw JobError("container actions (docker://\(action.image)) need sandboxes, but the job's runs-on label runs on "
                + "the host itself; use a docker:// label")
        }
        let sandbox = runner.placement.sandbox
        let job = try jobSandbox
        var spec = SandboxSpec(image: .registry(action.image), limits: runner.placement.limits, network: runner.placement.network)
        spec.networkOf = job
        spec.ownedDirectories = JobPaths.ownedDirectories
        log(logStep, "Starting container action docker://\(action.image)")
        let id = try await sandbox.create(spec)
        do {
            let outcome = try await runInContainer(action, id: id, scope: scope, logStep: logStep, effects: &effects, timeout: timeout)
            try await sandbox.destroy(id)
            return outcome
        } catch {
            try? await sandbox.destroy(id)
            throw error
        }
    }

    private func runInContainer(_ action: ContainerAction, id: SandboxID, scope: StepScope, logStep: Int?,
                                effects: inout StepEffects, timeout: Duration?) async throws -> JobOutcome {
        let sandbox = runner.placement.sandbox
        let job = try jobSandbox
        let workspace = URL(fileURLWithPath: paths.workspace)
        let parent = workspace.deletingLastPathComponent().path
        try await sandbox.copyIn(id, path: parent, tar: try await sandbox.copyOut(job, path: paths.workspace))
        let files = nextStepFiles()
        let prepared = try? await run(["/bin/sh", "-c", "mkdir -p \"$1\" && shift && for f; do : > \"$f\" || exit 1; done",
                                       "sh", files.directory] + StepFiles.Kind.allCases.map(files.path), in: id, timeout: .seconds(60))
        let hasFiles = prepared == .exited(0)
        var environment = stepEnvironment(scope: scope, step: action.environment, files: files)
        environment["SWIFT_RUNNER_PATH_PREFIX"] = nil
        let request = ExecRequest(arguments: action.commandLine, environment: environment, workingDirectory: paths.workspace,
                                  runsImageProgram: action.runsImageProgram)
        let outcome = try await finish(request, in: id, files: hasFiles ? files : nil, logStep: logStep, effects: &effects, timeout: timeout)
        try await sandbox.copyIn(job, path: parent, tar: try await sandbox.copyOut(id, path: paths.workspace))
        return outcome
    }

    /// `uses: docker://IMAGE`: `with.args` and `with.entrypoint` as GitHub reads them.
    func containerStep(image: String, step: Step, scope: StepScope, environment: [String: String]) throws -> ContainerAction {
        let with = Dictionary(try step.with.map { ($0.key.value, try evaluateString($0.value, scope: scope)) }) { $1 }
        guard let arguments = ShellWords.split(with["args"] ?? "") else {
            throw JobError("\(step.location): with.args has an unclosed quote")
        }
        return try ContainerAction(image: image, entrypoint: with["entrypoint"], arguments: arguments, environment: environment)
    }

    /// An action.yml with `runs.using: docker`: its `args` and `env` evaluated with the action's inputs.
    func containerAction(_ runs: DockerRuns, inputs: [(name: String, value: String)], scope: StepScope,
                         environment: [String: String]) throws -> ContainerAction {
        let image = String(runs.image.value.dropFirst("docker://".count))
        var inputScope = scope
        inputScope.inputs = ExpressionObject(inputs.map { (key: $0.name, value: .string($0.value)) })
        let arguments = try runs.args.map { try evaluateString($0, scope: inputScope) }
        var variables = environment.merging(Self.inputVariables(inputs)) { $1 }
        for pair in runs.env { variables[pair.key.value] = try evaluateString(pair.value, scope: inputScope) }
        let entrypoint = try runs.entrypoint.map { try evaluateString($0, scope: inputScope) }
        return try ContainerAction(image: image, entrypoint: entrypoint, arguments: arguments, environment: variables)
    }
}
