/// What a Forgejo server does with one job, under a version profile: hand it to a runner with matching labels,
/// never schedule it, or (for a reusable-workflow call) expand it itself or send the whole call as one task.
/// `exec --dry-run` shows it, so that "0 runs" is visible before a push instead of silent after it.
public enum SchedulingVerdict: Sendable, Equatable, CustomStringConvertible {
    /// One task per matrix combination, for a runner that has all of `labels`.
    case runsOn(labels: [String])
    /// The server schedules nothing for the job and says nothing about it.
    case neverScheduled(reason: String)
    /// Forgejo 15: the server turns the call of `workflow` into the called workflow's own jobs.
    case expandedByServer(workflow: String)
    /// A call with `runs-on`: one task goes to a runner with `labels`, which runs every job of `workflow` in it.
    case runsCalledWorkflowInOneTask(labels: [String], workflow: String)

    /// The verdict for `job`. Labels that hold `${{ }}` are evaluated in `context` when one is given (the
    /// contexts of `jobs.<id>.runs-on`, `matrix` among them), and shown as written otherwise; an expression may
    /// give one label or a list of them.
    public init(for job: Job, under profile: ForgejoProfile, context: EvaluationContext? = nil)
        throws(PlanningError)
    {
        let labels = try job.runsOn.map { runsOn throws(PlanningError) in
            try Self.labels(of: runsOn, jobID: job.id.value, context: context)
        }
        switch (job.call, labels) {
        case (let call?, nil):
            switch profile.callWithoutRunsOn {
            case .schedulesNothing:
                self = .neverScheduled(
                    reason: "\(profile) schedules no run: the job calls a reusable workflow without runs-on")
            case .expandsOnServer:
                self = .expandedByServer(workflow: call.uses.value)
            }
        case (_, []?), (nil, nil):
            self = .neverScheduled(reason: "\(profile) schedules no run: the job's runs-on names no label, and a "
                                   + "job without labels matches no runner")
        case (let call?, let labels?):
            self = .runsCalledWorkflowInOneTask(labels: labels, workflow: call.uses.value)
        case (nil, let labels?):
            self = .runsOn(labels: labels)
        }
    }

    public var description: String {
        switch self {
        case .runsOn(let labels):
            return "runs on a runner labelled " + labels.joined(separator: ", ")
        case .neverScheduled(let reason):
            return "0 runs: " + reason
        case .expandedByServer(let workflow):
            return "expanded by the server into the jobs of \(workflow)"
        case .runsCalledWorkflowInOneTask(let labels, let workflow):
            return "one task on a runner labelled \(labels.joined(separator: ", ")) runs every job of \(workflow)"
        }
    }

    /// The labels as written, or evaluated: a string is one label, a list gives one label per item, and empty
    /// strings are no labels.
    private static func labels(of runsOn: RunsOn, jobID: String, context: EvaluationContext?) throws(PlanningError)
        -> [String]
    {
        guard let context else { return runsOn.labels.map(\.value) }
        var labels: [String] = []
        for label in runsOn.labels {
            guard label.value.containsExpression else {
                labels.append(label.value)
                continue
            }
            let value = try PlanningExpression.evaluate(label, at: .jobRunsOn, in: context,
                                                        what: "runs-on of job \"\(jobID)\"")
            switch value {
            case .array(let items): labels += items.elements.map(\.coercedString)
            case .object:
                throw PlanningError("runs-on of job \"\(jobID)\": \(label.value) gives an object; it must give a label "
                                    + "or a list of labels", at: label.location)
            default: labels.append(value.coercedString)
            }
        }
        return labels.filter { !$0.isEmpty }
    }
}
