import Executors
import Foundation
import WorkflowParser

/// An action ready to run: its manifest and its folder inside the job's sandbox.
struct PreparedAction {
    var manifest: ActionManifest
    var directory: String
    /// `owner/repo` and ref for the `github.action_*` values; empty for local actions.
    var repository: String
    var ref: String
}

extension JobRun {
    /// Composite actions calling composite actions stop here, with an error, rather than recursing forever.
    static let maximumActionDepth = 10

    /// A `uses:` step: local, repository and `docker://` actions.
    func runAction(_ reference: ActionReference, step: Step, scope: inout StepScope, environment: [String: String],
                   logStep: Int?, effects: inout StepEffects, timeout: Duration?) async throws -> JobOutcome {
        guard scope.depth < Self.maximumActionDepth else {
            throw JobError("\(step.location): actions nest more than \(Self.maximumActionDepth) levels deep; "
                + "a composite action probably uses itself")
        }
        let action: PreparedAction
        switch reference {
        case .docker(let image):
            return try await runContainerAction(containerStep(image: image, step: step, scope: scope, environment: environment),
                                                scope: scope, logStep: logStep, effects: &effects, timeout: timeout)
        case .local(let path):
            action = try await localAction(path, at: step.location)
        case .repository(let repository):
            if skipsCheckout(repository, step: step, scope: scope) {
                log(logStep, "Skipping \(repository): the workspace already holds this repository's working copy (exec --no-skip-checkout runs it)")
                return .success
            }
            action = try await repositoryAction(repository)
        }
        let inputs = try actionInputs(action.manifest, step: step, scope: scope, environment: environment, logStep: logStep)
        switch action.manifest.runs {
        case .node(let runs):
            return try await runNode(runs, action: action, inputs: inputs, step: step, scope: scope, environment: environment,
                                     logStep: logStep, effects: &effects, timeout: timeout)
        case .composite(let steps):
            return try await runComposite(steps, action: action, inputs: inputs, scope: scope, environment: environment,
                                          logStep: logStep, effects: &effects)
        case .docker(let runs):
            if runs.image.value.hasPrefix("docker://") {
                return try await runContainerAction(containerAction(runs, inputs: inputs, scope: scope, environment: environment),
                                                    scope: scope, logStep: logStep, effects: &effects, timeout: timeout)
            }
            throw JobError("\(runs.image.location): this action builds its image from \(runs.image.value); swift-runner never "
                + "builds images on a runner: publish the image to a registry and use `image: docker://…` in action.yml")
        case nil:
            throw JobError("\(action.manifest.file): the action has no runs: section")
        }
    }

    /// `actions/checkout` of the run's own repository, when the definition says the workspace has it already.
    private func skipsCheckout(_ action: RepositoryAction, step: Step, scope: StepScope) -> Bool {
        guard definition.skipsCheckout, action.owner == "actions", action.repository == "checkout", action.path == nil else { return false }
        guard let repository = step.with.first(where: { $0.key.value == "repository" }) else { return true }
        let named = (try? evaluateString(repository.value, scope: scope)) ?? repository.value.value
        return named.isEmpty || named == repositoryName
    }

    /// `./path`: the action's manifest is read from the workspace inside the sandbox (so it must have been checked
    /// out or copied there).
    private func localAction(_ path: String, at location: SourceLocation) async throws -> PreparedAction {
        // `./` is the workspace itself; `./dir/` is `./dir`.
        var relative = Substring(path)
        while relative.hasSuffix("/") { relative = relative.dropLast() }
        let directory = relative.isEmpty ? paths.workspace : paths.workspace + "/" + relative
        let text: String
        do {
            text = try await capture(["/bin/sh", "-c", "if [ -f \"$1/action.yml\" ]; then cat \"$1/action.yml\"; "
                                      + "elif [ -f \"$1/action.yaml\" ]; then cat \"$1/action.yaml\"; else exit 3; fi", "sh", directory])
        } catch {
            throw JobError("\(location): no action.yml or action.yaml in ./\(path) of the workspace; check the path, "
                + "and check the repository out (actions/checkout) before using a local action")
        }
        let file = (relative.isEmpty ? "" : relative + "/") + "action.yml"
        do {
            return PreparedAction(manifest: try ActionManifestLoader().load(text, file: file), directory: directory, repository: "", ref: "")
        } catch {
            throw JobError("\(error)")
        }
    }

    /// `owner/repo[/path]@ref`: fetched by the provider (once per job), copied into the sandbox once.
    private func repositoryAction(_ action: RepositoryAction) async throws -> PreparedAction {
        guard let provider = runner.actions else {
            throw JobError("cannot fetch \(action): this run has no action source configured")
        }
        let fetched = try await provider.fetch(action)
        // The whole repository goes in once: actions in sub-folders of one repository share it.
        let repository: String
        if let copied = copiedActions[fetched.cacheKey] {
            repository = copied
        } else {
            repository = paths.actions + "/" + fetched.cacheKey
            try await runner.placement.sandbox.copyIn(try jobSandbox, path: repository, tar: try HostArchive.tar(fetched.repositoryDirectory))
            copiedActions[fetched.cacheKey] = repository
        }
        let directory = action.path.map { repository + "/" + $0 } ?? repository
        return PreparedAction(manifest: fetched.manifest, directory: directory,
                              repository: "\(action.owner)/\(action.repository)", ref: action.ref)
    }

    /// The action's inputs: `with:` evaluated, then the manifest's defaults for the rest.
    private func actionInputs(_ manifest: ActionManifest, step: Step, scope: StepScope, environment: [String: String],
                              logStep: Int?) throws -> [(name: String, value: String)] {
        let stepEnvironment = currentEnvironment(scope: scope).merging(environment) { $1 }
        var given: [(name: String, value: String)] = []
        for pair in step.with {
            given.append((name: pair.key.value, value: try evaluateString(pair.value, scope: scope, environment: stepEnvironment)))
        }
        var inputs = given
        for input in manifest.inputs where !given.contains(where: { $0.name.lowercased() == input.name.value.lowercased() }) {
            if let defaultValue = input.defaultValue {
                inputs.append((name: input.name.value, value: try evaluateString(defaultValue, scope: scope, environment: stepEnvironment)))
            } else if input.mustBeGiven {
                report(JobAnnotation(level: .warning, message: "input `\(input.name.value)` is required by the action but was not given"), step: logStep)
            }
        }
        for name in given.map(\.name) where manifest.input(name) == nil && !manifest.inputs.isEmpty {
            report(JobAnnotation(level: .warning, message: "the action has no input `\(name)`; it is passed on but probably ignored"), step: logStep)
        }
        return inputs
    }

    /// `INPUT_<NAME>` as actions read them: upper case, spaces as underscores.
    static func inputVariables(_ inputs: [(name: String, value: String)]) -> [String: String] {
        Dictionary(inputs.map { ("INPUT_" + $0.name.uppercased().replacingOccurrences(of: " ", with: "_"), $0.value) }) { $1 }
    }

    private func actionEnvironment(_ action: PreparedAction) -> [String: String] {
        ["GITHUB_ACTION_PATH": action.directory, "FORGEJO_ACTION_PATH": action.directory,
         "GITHUB_ACTION_REPOSITORY": action.repository, "GITHUB_ACTION_REF": action.ref]
    }

    /// A JavaScript action: `node main.js` in the job's container, its `post:` kept for after the job's steps.
    private func runNode(_ runs: NodeRuns, action: PreparedAction, inputs: [(name: String, value: String)], step: Step,
                         scope: StepScope, environment: [String: String], logStep: Int?, effects: inout StepEffects,
                         timeout: Duration?) async throws -> JobOutcome {
        let variables = environment.merging(Self.inputVariables(inputs)) { $1 }.merging(actionEnvironment(action)) { $1 }
        let files = nextStepFiles()
        let request = files.request(command: ["node", action.directory + "/" + runs.main.value], workingDirectory: paths.workspace,
                                    environment: stepEnvironment(scope: scope, step: variables, files: files), user: containerUser)
        let outcome = try await finish(request, files: files, logStep: logStep, effects: &effects, timeout: timeout)
        if let post = runs.post {
            let state = effects.state
            let postVariables = variables.merging(Dictionary(state.map { ("STATE_" + $0.key, $0.value) }) { $1 }) { $1 }
            let name = "Post " + Self.displayName(of: step, at: 0)
            let condition = runs.postIf
            let savedScope = scope
            postSteps.append(PostStep(name: name) { run in
                await run.runHook(name: name, script: action.directory + "/" + post.value, condition: condition,
                                  scope: savedScope, environment: postVariables)
            })
        }
        return outcome
    }

    /// A pre or post script of a JavaScript action: `pre-if`/`post-if` (default `always()`) decides, against the
    /// job's status at that point.
    func runHook(name: String, script: String, condition: Located<String>?, scope: StepScope,
                 environment: [String: String]) async {
        var postScope = scope
        postScope.status = status
        do {
            guard try Condition.holds(condition, in: evaluationContext(scope: postScope, environment: currentEnvironment(scope: postScope)),
                                      defaultCheck: "always()") else { return }
        } catch {
            report(JobAnnotation(level: .error, message: "\(error)"), step: nil)
            return
        }
        log(nil, name)
        var effects = StepEffects()
        let files = nextStepFiles()
        let request = files.request(command: ["node", script], workingDirectory: paths.workspace,
                                    environment: stepEnvironment(scope: postScope, step: environment, files: files), user: containerUser)
        do {
            if try await finish(request, files: files, logStep: nil, effects: &effects, timeout: nil) == .failure, status == .success {
                status = .failure
            }
        } catch {
            report(JobAnnotation(level: .error, message: "\(name): \(error)"), step: nil)
            if status == .success { status = .failure }
        }
    }

    /// A composite action: its steps at a level of their own (`inputs`, `steps`, status), then its outputs.
    private func runComposite(_ steps: [Step], action: PreparedAction, inputs: [(name: String, value: String)],
                              scope: StepScope, environment: [String: String], logStep: Int?,
                              effects: inout StepEffects) async throws -> JobOutcome {
        var inner = StepScope(inputs: ExpressionObject(inputs.map { (key: $0.name, value: .string($0.value)) }),
                              environment: scope.environment.merging(environment) { $1 }.merging(actionEnvironment(action)) { $1 },
                              defaults: StepDefaults(), actionPath: action.directory, depth: scope.depth + 1)
        inner.status = scope.status == .cancelled ? .cancelled : .success
        for step in steps {
            _ = await runStep(step, scope: &inner, logStep: logStep)
        }
        for output in action.manifest.outputs {
            guard let value = output.value else { continue }
            do {
                effects.outputs[output.name.value] = try evaluateString(value, scope: inner)
            } catch {
                report(JobAnnotation(level: .error, message: "\(error)"), step: logStep)
                inner.status = .failure
            }
        }
        return inner.status.outcome
    }

    /// Fetches the job's repository actions before its first step, as "set up job" does on GitHub (an action that
    /// cannot be fetched fails the job before anything ran), and runs their pre steps (`pre-if` default `always()`).
    func runPreSteps(scope: StepScope) async throws {
        for step in definition.job.steps {
            guard case .uses(_, .repository(let reference))? = step.action,
                  !skipsCheckout(reference, step: step, scope: scope) else { continue }
            let action = try await repositoryAction(reference)
            guard case .node(let runs)? = action.manifest.runs, let pre = runs.pre else { continue }
            let environment = try evaluateEnvironment(step.env, scope: scope, base: [:])
            let inputs = try actionInputs(action.manifest, step: step, scope: scope, environment: environment, logStep: nil)
            let variables = environment.merging(Self.inputVariables(inputs)) { $1 }.merging(actionEnvironment(action)) { $1 }
            await runHook(name: "Pre " + Self.displayName(of: step, at: 0), script: action.directory + "/" + pre.value,
                          condition: runs.preIf, scope: scope, environment: variables)
        }
    }

    /// Post steps, last registered first.
    func runPostSteps() async {
        if runner.cancelReason != nil { stepsStoppable = false }
        for post in postSteps.reversed() { await post.run(self) }
        postSteps = []
    }

    /// `jobs.<id>.outputs`, evaluated after the steps, masked.
    func evaluateJobOutputs(scope: StepScope) -> [String: String] {
        var outputs: [String: String] = [:]
        for output in definition.job.outputs {
            do {
                outputs[output.key.value] = mask(try evaluateString(output.value, scope: scope))
            } catch {
                report(JobAnnotation(level: .warning, message: "job output \(output.key.value): \(error)"), step: nil)
            }
        }
        return outputs
    }
}
