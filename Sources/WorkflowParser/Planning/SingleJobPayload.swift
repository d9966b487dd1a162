/// The `workflow_payload` a Forgejo server sends a runner for one job and one matrix combination: the workflow's
/// `name`, `on`, `env` and `defaults`, and `jobs` holding only that job. `exec` builds the same document, so a
/// local run and a daemon task feed the job engine the same input.
public enum SingleJobPayload {
    /// The keys of a job the server's payload carries, in the order it writes them; any other key of the job
    /// (`permissions`, `continue-on-error`, `environment`, ...) is left out, as the server leaves it out.
    public static let jobKeys = [
        "name", "needs", "runs-on", "env", "if", "steps", "timeout-minutes", "services", "strategy", "container",
        "defaults", "outputs", "uses", "with", "secrets", "concurrency",
    ]

    /// The top-level keys the payload copies from the workflow, in the server's order (`jobs` between `env` and
    /// `defaults`).
    private static let workflowKeys = ["name", "on", "env", "jobs", "defaults"]

    /// - Parameters:
    ///   - jobID: the job, its id compared without case.
    ///   - matrix: the combination this task runs (one of `MatrixExpansion.expand`'s); nil or empty when the job
    ///     has no matrix. It replaces `strategy.matrix`, each key with a one-element list, as the server writes
    ///     it; `fail-fast` and `max-parallel` stay as written.
    public static func make(workflow: Workflow, jobID: String, matrix: ExpressionObject?) throws(PlanningError)
        -> String
    {
        guard let job = workflow.job(jobID) else {
            throw PlanningError("the workflow has no job \"\(jobID)\"; its jobs are "
                                + workflow.jobs.map(\.id.value).joined(separator: ", "),
                                at: workflow.root.location)
        }
        var pairs: [YAMLPair] = []
        for key in workflowKeys {
            if key == "jobs" {
                let jobs = YAMLNode(.mapping([YAMLPair(key: scalar(job.id.value, at: job.id.location),
                                                       value: jobNode(job, matrix: matrix))]),
                                    at: job.node.location)
                pairs.append(YAMLPair(key: scalar(key, at: workflow.root.location), value: jobs))
            } else if let pair = workflow.root.mapping?.first(where: { $0.name == key }) {
                pairs.append(pair)
            }
        }
        return YAMLEmitter.document(YAMLNode(.mapping(pairs), at: workflow.root.location))
    }

    /// The job's own keys in the server's order, `strategy.matrix` replaced by the combination.
    private static func jobNode(_ job: Job, matrix: ExpressionObject?) -> YAMLNode {
        let written = job.node.mapping ?? []
        var pairs: [YAMLPair] = []
        for key in jobKeys {
            guard let pair = written.first(where: { $0.name == key }) else {
                if key == "strategy", let strategy = strategyNode(nil, matrix: matrix, at: job.node.location) {
                    pairs.append(YAMLPair(key: scalar(key, at: job.node.location), value: strategy))
                }
                continue
            }
            if key == "strategy" {
                guard let strategy = strategyNode(pair.value, matrix: matrix, at: pair.value.location) else { continue }
                pairs.append(YAMLPair(key: pair.key, value: strategy))
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), at: job.node.location)
    }

    /// `strategy` with its other keys as written and `matrix: {key: [value], ...}`; nil when nothing is left.
    private static func strategyNode(_ written: YAMLNode?, matrix: ExpressionObject?, at location: SourceLocation)
        -> YAMLNode?
    {
        var pairs = (written?.mapping ?? []).filter { $0.name != "matrix" }
        if let matrix, matrix.count > 0 {
            let rows = matrix.entries.map { entry in
                YAMLPair(key: scalar(entry.key, at: location),
                         value: YAMLNode(.sequence([YAMLNode(entry.value, at: location)]), at: location))
            }
            let matrixKey = written?.mapping?.first { $0.name == "matrix" }?.key ?? scalar("matrix", at: location)
            pairs.append(YAMLPair(key: matrixKey, value: YAMLNode(.mapping(rows), at: location)))
        }
        return pairs.isEmpty ? nil : YAMLNode(.mapping(pairs), at: location)
    }

    private static func scalar(_ text: String, at location: SourceLocation) -> YAMLNode {
        YAMLNode(scalar: .string(text), at: location)
    }
}
