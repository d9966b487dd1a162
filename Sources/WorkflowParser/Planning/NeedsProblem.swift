/// A `needs:` entry that keeps a workflow from being ordered: it names no job of the workflow, the job itself,
/// or closes a cycle. `JobGraph` refuses the workflow with the first one; lint reports them all.
public struct NeedsProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `known` lists the workflow's job ids, for the message.
        case unknownJob(known: [String])
        case needsItself
        /// The jobs around the cycle in needs order, starting with `job` (whose `entry` names the second).
        case cycle([String])
    }

    /// The job whose `needs:` holds the entry.
    public var job: Located<String>
    public var entry: Located<String>
    public var kind: Kind

    public var message: String {
        switch kind {
        case .unknownJob(let known):
            return "job \"\(job.value)\" needs job \"\(entry.value)\", which is not in this workflow (its jobs: "
                + known.joined(separator: ", ") + "); correct the job ID or remove it from needs"
        case .needsItself:
            return "job \"\(job.value)\" needs itself; remove it from its needs"
        case .cycle(let jobs):
            return "the needs of these jobs form a cycle, so none of them can start: "
                + (jobs + jobs.prefix(1)).map { "\"\($0)\"" }.joined(separator: " -> ") + "; remove one of these needs"
        }
    }

    /// The problem as an error at the entry.
    public var error: PlanningError { PlanningError(message, at: entry.location) }
}
