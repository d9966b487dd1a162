import Foundation
import WorkflowParser

/// Where called workflows come from: the caller's repository for `./…` references, and for
/// `owner/repo/…@ref` a folder given on the command line (`exec --repo owner/repo=DIR`) or the instance (daemon).
public protocol WorkflowSource: Sendable {
    func workflow(for reference: ReusableWorkflowReference, at location: SourceLocation) async throws -> Workflow
}

/// `exec`'s source: local references from the working copy, remote ones from folders named per repository.
public struct FolderWorkflowSource: WorkflowSource {
    public var repositoryRoot: String
    /// `owner/repo` → a folder holding that repository's working copy.
    public var repositories: [String: String]

    public init(repositoryRoot: String, repositories: [String: String] = [:]) {
        self.repositoryRoot = repositoryRoot
        self.repositories = repositories
    }

    public func workflow(for reference: ReusableWorkflowReference, at location: SourceLocation) async throws -> Workflow {
        let root: String
        let path: String
        switch reference {
        case .local(let local):
            root = repositoryRoot
            path = local
        case .remote(let remote), .fullURL(_, let remote):
            guard let folder = repositories["\(remote.owner)/\(remote.repository)"] else {
                throw JobError("\(location): \(reference) lives in another repository; give its working copy with "
                    + "--repo \(remote.owner)/\(remote.repository)=FOLDER")
            }
            root = folder
            path = remote.path
        }
        let file = root + "/" + path
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw JobError("\(location): the called workflow \(reference) does not exist (looked for \(file))")
        }
        do {
            return try WorkflowLoader().load(text, file: path)
        } catch {
            throw JobError("\(error)")
        }
    }
}

/// A job that calls a reusable workflow, as the runner runs it under Forgejo 11 (one task): the called
/// workflow's jobs run here, in `needs` order, with the call's inputs and secrets; its outputs become the
/// calling job's.
struct ReusableCallRun: Sendable {
    /// Calls nest at most this deep; past it the call fails with an error naming the limit.
    static let maximumDepth = 10

    let caller: JobDefinition
    let call: ReusableWorkflowCall
    let settings: WorkflowRunSettings
    let context: WorkflowRunContext

    /// Runs the called workflow; `register` receives the nested run, so cancelling the caller cancels it.
    func run(reporter: any JobReporter, register: @Sendable (WorkflowRun) -> Void) async -> JobResult {
        let label = caller.displayName
        reporter.jobStarted(label, steps: [])
        let result: JobResult
        do {
            result = try await runCalledWorkflow(reporter: reporter, register: register)
        } catch {
            reporter.log(label, step: nil, line: "Error: \(error)")
            result = JobResult(outcome: .failure)
        }
        reporter.jobFinished(label, result: result)
        return result
    }

    private func runCalledWorkflow(reporter: any JobReporter, register: @Sendable (WorkflowRun) -> Void) async throws -> JobResult {
        guard context.depth < Self.maximumDepth else {
            throw JobError("\(call.uses.location): reusable workflows nest more than \(Self.maximumDepth) levels deep; "
                + "a workflow probably calls itself")
        }
        guard let reference = call.reference else { throw JobError("\(call.uses.location): \(call.uses.value) is no workflow reference") }
        guard let source = context.workflows else { throw JobError("\(call.uses.location): this run cannot load called workflows") }
        let called = try await source.workflow(for: reference, at: call.uses.location)
        guard let trigger = called.trigger("workflow_call") else {
            throw JobError("\(call.uses.location): \(reference) has no on.workflow_call, so it cannot be called")
        }
        let evaluator = CallerEvaluation(caller: caller, settings: settings)
        var nested = settings
        nested.inputs = try evaluator.inputs(call, declared: trigger)
        nested.secrets = try evaluator.secrets(call, declared: trigger)
        nested.selectedJobs = []
        nested.github = settings.github.merging([(key: "event_name", value: "workflow_call"),
                                                 (key: "workflow", value: .string(called.name?.value ?? called.file))])
        var nestedContext = context
        nestedContext.depth += 1
        nestedContext.labelPrefix = caller.displayName + " / "
        let run = WorkflowRun(workflow: called, settings: nested, context: nestedContext, reporter: reporter)
        register(run)
        let results = await run.run()
        let outcomes = results.map(\.result)
        let outcome: JobOutcome = outcomes.contains(.failure) ? .failure : outcomes.contains(.cancelled) ? .cancelled : .success
        return JobResult(outcome: outcome, outputs: try evaluator.outputs(of: trigger, jobs: results, workflow: called))
    }
}

/// Expressions of a call, evaluated in the caller's job context (`with:`, `secrets:`) or over the called
/// workflow's jobs (`on.workflow_call.outputs`).
struct CallerEvaluation {
    let caller: JobDefinition
    let settings: WorkflowRunSettings

    private func callerContext() -> EvaluationContext {
        EvaluationContext(contexts: ExpressionObject(githubContexts(settings.github) + [
            (key: "needs", value: .object(needsContext(caller.needs))),
            (key: "matrix", value: .object(caller.matrix)), (key: "strategy", value: .object(caller.strategy)),
            (key: "inputs", value: .object(settings.inputs)), (key: "vars", value: .object(ExpressionObject(strings: settings.vars))),
            (key: "secrets", value: .object(ExpressionObject(strings: settings.secrets))),
        ]))
    }

    private func evaluate(_ text: String, at location: SourceLocation, in context: EvaluationContext) throws -> ExpressionValue {
        guard text.containsExpression else { return .string(text) }
        do {
            return try ExpressionTemplate.parse(text, allowedContexts: nil).evaluate(in: context)
        } catch {
            throw ExpressionFailure(text: text, location: location, error: error)
        }
    }

    /// `with:` over the called workflow's declared inputs: defaults fill the gaps, a missing required input and an
    /// undeclared one are errors, types are checked.
    func inputs(_ call: ReusableWorkflowCall, declared trigger: EventTrigger) throws -> ExpressionObject {
        let context = callerContext()
        var entries: [(key: String, value: ExpressionValue)] = []
        for given in call.inputs {
            guard let definition = trigger.inputs.first(where: { $0.name.value == given.key.value }) else {
                throw JobError("\(given.key.location): the called workflow declares no input `\(given.key.value)`; declared: "
                    + trigger.inputs.map(\.name.value).joined(separator: ", "))
            }
            let raw = given.value.scalar?.text ?? ""
            var value = try evaluate(raw, at: given.value.location, in: context)
            if case .string(let text) = value, !raw.containsExpression { value = definition.literalValue(text) ?? value }
            try check(value, against: definition, at: given.value.location)
            entries.append((key: definition.name.value, value: value))
        }
        for definition in trigger.inputs where !entries.contains(where: { $0.key == definition.name.value }) {
            if let text = definition.defaultValue?.scalar?.text {
                entries.append((key: definition.name.value, value: definition.typedValue(try evaluate(text, at: definition.name.location, in: context).coercedString)))
            } else if definition.isRequired {
                throw JobError("\(call.uses.location): the called workflow requires input `\(definition.name.value)`; give it under with:")
            }
        }
        return ExpressionObject(entries)
    }

    private func check(_ value: ExpressionValue, against definition: InputDefinition, at location: SourceLocation) throws {
        let matches: Bool
        switch (definition.type?.value, value) {
        case (.boolean?, .bool), (.number?, .number), (nil, _), (.string?, _), (.choice?, _), (.environment?, _): matches = true
        default: matches = false
        }
        guard matches else {
            throw JobError("\(location): input `\(definition.name.value)` is a \(definition.type?.value.rawValue ?? "string"), "
                + "but the value given is a \(value.kindName.lowercased())")
        }
    }

    /// `secrets: inherit` passes all; a mapping passes the ones it names (evaluated); the rest none.
    func secrets(_ call: ReusableWorkflowCall, declared trigger: EventTrigger) throws -> [String: String] {
        switch call.secrets {
        case .inherit?: return settings.secrets
        case nil: return [:]
        case .explicit(let pairs)?:
            let context = callerContext()
            var secrets: [String: String] = [:]
            for pair in pairs {
                secrets[pair.key.value] = try evaluate(pair.value.value, at: pair.value.location, in: context).coercedString
            }
            for definition in trigger.secrets where definition.isRequired && secrets[definition.name.value] == nil {
                throw JobError("\(call.uses.location): the called workflow requires secret `\(definition.name.value)`; pass it under secrets:")
            }
            return secrets
        }
    }

    /// `on.workflow_call.outputs`, evaluated over the `jobs` context of the called workflow's results.
    func outputs(of trigger: EventTrigger, jobs: [WorkflowJobResult], workflow: Workflow) throws -> [String: String] {
        let jobsContext = ExpressionObject(jobs.map { job in
            (key: job.jobID, value: .object(ExpressionObject([
                (key: "result", value: .string(job.result.rawValue)),
                (key: "outputs", value: .object(ExpressionObject(strings: job.outputs))),
            ])))
        })
        let context = EvaluationContext(contexts: ExpressionObject([
            (key: "jobs", value: .object(jobsContext)), (key: "github", value: .object(settings.github)),
            (key: "inputs", value: .object(settings.inputs)), (key: "vars", value: .object(ExpressionObject(strings: settings.vars))),
        ]))
        var outputs: [String: String] = [:]
        for output in trigger.outputs {
            guard let value = output.value else { continue }
            outputs[output.name.value] = try evaluate(value.value, at: value.location, in: context).coercedString
        }
        return outputs
    }
}
