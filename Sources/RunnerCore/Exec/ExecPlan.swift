import Foundation
import WorkflowParser

/// One job (one matrix combination) of the plan `--dry-run` shows.
struct PlannedJob {
    var workflow: String
    var jobID: String
    var name: String
    var needs: [String]
    var stage: Int
    var verdict: String
    var matrix: ExpressionObject?
    /// The single-job `workflow_payload` the server would send for it; nil when the server schedules nothing.
    var payload: String?
    /// Why the matrix is not known yet (it comes from the outputs of needed jobs).
    var pending: String?

    var json: ExpressionValue {
        var entries: [(key: String, value: ExpressionValue)] = [
            (key: "workflow", value: .string(workflow)), (key: "job", value: .string(jobID)), (key: "name", value: .string(name)),
            (key: "stage", value: .number(Double(stage))),
            (key: "needs", value: .array(ExpressionArray(needs.map { .string($0) }))),
            (key: "scheduling", value: .string(verdict)),
        ]
        if let matrix { entries.append((key: "matrix", value: .object(matrix))) }
        if let pending { entries.append((key: "matrix_pending", value: .string(pending))) }
        entries.append((key: "workflow_payload", value: payload.map { .string($0) } ?? .null))
        return .object(ExpressionObject(entries))
    }
}

extension LocalExec {
    /// `--dry-run`: for each workflow the event triggers, its jobs in `needs` order, each with its matrix
    /// combinations, needs, runs-on and what the Forgejo profile makes of it; with `json`, the single-job payloads
    /// the server would send. A workflow that cannot be planned does not hide the others: the plan of the rest
    /// comes with the problems (`ExecPlanError`).
    public func plan(json: Bool) throws -> String {
        var planned: [PlannedJob] = []
        let workflows = try triggeredWorkflows()
        var problems = workflows.problems
        // What git knows of the working copy, asked once for every workflow.
        let local = LocalRunContext.discover(directory: options.repositoryRoot, eventName: options.eventName,
                                             event: options.event, serverURL: options.serverURL)
        for workflow in workflows.triggered {
            do {
                planned += try plan(workflow, local: local)
            } catch {
                problems.append("\(error)")
            }
        }
        let text = describe(planned, json: json)
        guard problems.isEmpty else { throw ExecPlanError(plan: text, problems: problems) }
        return text
    }

    private func describe(_ planned: [PlannedJob], json: Bool) -> String {
        if json { return ExpressionValue.array(ExpressionArray(planned.map(\.json))).jsonText + "\n" }
        var text = ""
        var current: (String, Int)?
        for job in planned {
            if current?.0 != job.workflow {
                text += "\(job.workflow) (\(options.eventName), judged as \(options.profile)):\n"
                current = nil
            }
            if current?.1 != job.stage { text += "  stage \(job.stage)\n" }
            current = (job.workflow, job.stage)
            text += "    \(job.name)\n"
            if !job.needs.isEmpty { text += "      needs: \(job.needs.joined(separator: ", "))\n" }
            text += "      \(job.verdict)\n"
            if let pending = job.pending { text += "      matrix: \(pending)\n" }
        }
        return text
    }

    private func plan(_ workflow: Workflow, local: LocalRunContext) throws -> [PlannedJob] {
        let graph: JobGraph
        do {
            graph = try JobGraph(workflow)
        } catch {
            throw JobError("\(error)")
        }
        var context = local
        context.event = eventPayload(for: workflow)
        let settings = WorkflowRunSettings(github: context.github(workflow: workflow), secrets: options.secrets,
                                           vars: options.vars, inputs: inputs(for: workflow), labels: options.labels,
                                           profile: options.profile, selectedJobs: options.jobs, matrixFilter: options.matrixFilter)
        var planned: [PlannedJob] = []
        for (number, stage) in graph.stages.enumerated() {
            for jobID in stage {
                guard let job = workflow.job(jobID) else { continue }
                let planner = JobPlanner(workflow: workflow, job: job, needs: [:], settings: settings)
                let verdict: SchedulingVerdict
                do {
                    verdict = try SchedulingVerdict(for: job, under: options.profile, context: planner.context())
                } catch {
                    throw JobError("\(error)")
                }
                var base = PlannedJob(workflow: workflow.file, jobID: jobID, name: jobID, needs: graph.needs(of: jobID),
                                      stage: number + 1, verdict: verdict.description)
                let scheduled: Bool
                if case .neverScheduled = verdict { scheduled = false } else if case .expandedByServer = verdict { scheduled = false } else { scheduled = true }
                do {
                    for definition in try planner.combinations() {
                        var entry = base
                        entry.name = definition.displayName
                        entry.matrix = definition.matrix.count > 0 ? definition.matrix : nil
                        entry.payload = scheduled ? try payload(workflow, jobID, definition.matrix) : nil
                        planned.append(entry)
                    }
                } catch {
                    base.pending = "known only when the jobs it needs have run (\(error))"
                    planned.append(base)
                }
            }
        }
        return planned
    }

    private func payload(_ workflow: Workflow, _ jobID: String, _ matrix: ExpressionObject) throws -> String {
        do {
            return try SingleJobPayload.make(workflow: workflow, jobID: jobID, matrix: matrix.count > 0 ? matrix : nil)
        } catch {
            throw JobError("\(error)")
        }
    }
}

/// Workflows `--dry-run` could not plan, with the plan of the others.
public struct ExecPlanError: Error, CustomStringConvertible {
    /// What could be planned, as `plan(json:)` prints it.
    public let plan: String
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}
