import Foundation
import WorkflowParser

extension LocalExec {
    /// `--dry-run`: for each workflow the event triggers, its jobs in `needs` order, each with its matrix
    /// combinations, needs, runs-on and what the Forgejo profile makes of it.
    public func plan(json: Bool) throws -> String {
        var text = ""
        for workflow in try triggeredWorkflows() {
            let context = LocalRunContext.discover(directory: options.repositoryRoot, eventName: options.eventName,
                                                   event: options.event, serverURL: options.serverURL)
            let settings = WorkflowRunSettings(github: context.github(workflow: workflow), secrets: options.secrets,
                                               vars: options.vars, inputs: inputs(for: workflow), labels: options.labels,
                                               profile: options.profile, selectedJobs: options.jobs)
            text += "\(workflow.file) (\(options.eventName), judged as \(options.profile)):\n"
            for (number, stage) in Self.stages(of: workflow).enumerated() {
                text += "  stage \(number + 1)\n"
                for jobID in stage {
                    guard let job = workflow.job(jobID) else { continue }
                    text += describe(job, workflow: workflow, settings: settings)
                }
            }
        }
        return text
    }

    private func describe(_ job: Job, workflow: Workflow, settings: WorkflowRunSettings) -> String {
        var lines = ["    \(job.id.value)" + (job.name.map { " (\($0.value))" } ?? "")]
        if !job.needs.isEmpty { lines.append("      needs: " + job.needs.map(\.value).joined(separator: ", ")) }
        let planner = JobPlanner(workflow: workflow, job: job, needs: [:], settings: settings)
        if let call = job.call {
            lines.append("      calls: \(call.uses.value)")
            if job.runsOn == nil {
                lines.append(options.profile.callWithoutRunsOn == .schedulesNothing
                    ? "      \(options.profile) schedules no run: the job calls a reusable workflow without runs-on"
                    : "      \(options.profile) expands the call on the server: the called workflow's jobs become jobs of the run")
            } else {
                lines.append("      runs-on: \(job.runsOn!.labels.map(\.value).joined(separator: ", ")): one task; the runner runs the called workflow's jobs in it")
            }
            return lines.map { $0 + "\n" }.joined()
        }
        let runsOn = job.runsOn.map { $0.labels.map(\.value).joined(separator: ", ") } ?? "(none)"
        lines.append("      runs-on: \(runsOn)" + (job.runsOn == nil ? ": no runner ever takes this job" : ""))
        do {
            let combinations = try planner.combinations()
            if combinations.count > 1 || combinations.first?.matrix.count ?? 0 > 0 {
                lines.append("      matrix: \(combinations.count) combination\(combinations.count == 1 ? "" : "s")")
                lines += combinations.map { "        \($0.displayName)" }
            }
        } catch {
            lines.append("      matrix: known only when the jobs it needs have run (\(error))")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Jobs in `needs` order: each stage holds the jobs whose needs are all in earlier stages, in file order.
    static func stages(of workflow: Workflow) -> [[String]] {
        var done: Set<String> = []
        var stages: [[String]] = []
        var remaining = workflow.jobs
        while !remaining.isEmpty {
            let stage = remaining.filter { $0.needs.allSatisfy { done.contains($0.value) } }.map(\.id.value)
            guard !stage.isEmpty else {
                stages.append(remaining.map(\.id.value))
                break
            }
            stages.append(stage)
            done.formUnion(stage)
            remaining.removeAll { stage.contains($0.id.value) }
        }
        return stages
    }
}
