/// The jobs of a workflow ordered by `needs:`: stages that can run one after the other, and who depends on whom,
/// which the runner uses to skip or cancel jobs after a failure. Job ids are kept as the file spells them;
/// lookups ignore case, as GitHub's job ids do.
public struct JobGraph: Sendable {
    /// Stage n holds the jobs whose needs are all in earlier stages, in file order; stage 0 needs nothing.
    public let stages: [[String]]
    /// The jobs in file order.
    private let order: [String]
    /// Each job's direct needs (as job ids of `order`, each once, in the order written), by lower-cased id.
    private let directNeeds: [String: [String]]

    /// Orders `workflow`'s jobs; throws the first of `problems(in:)`, at its needs entry.
    public init(_ workflow: Workflow) throws(PlanningError) {
        if let problem = Self.problems(in: workflow).first { throw problem.error }
        let ids = Self.jobIDs(of: workflow)
        order = workflow.jobs.map(\.id.value)
        var needs: [String: [String]] = [:]
        for job in workflow.jobs {
            var seen: Set<String> = []
            needs[job.id.value.lowercased()] = job.needs.compactMap { need in
                seen.insert(need.value.lowercased()).inserted ? ids[need.value.lowercased()] : nil
            }
        }
        directNeeds = needs
        stages = Self.stages(order: order, needs: needs)
    }

    /// Every needs entry that names an unknown job or the job itself, in file order, then the first cycle among
    /// the rest (found depth-first in file order). Repeated entries are no problem here: lint reports them.
    public static func problems(in workflow: Workflow) -> [NeedsProblem] {
        let ids = jobIDs(of: workflow)
        var problems: [NeedsProblem] = []
        var edges: [String: [Located<String>]] = [:]
        for job in workflow.jobs {
            let id = job.id.value.lowercased()
            for need in job.needs {
                let target = need.value.lowercased()
                if target == id {
                    problems.append(NeedsProblem(job: job.id, entry: need, kind: .needsItself))
                } else if ids[target] == nil {
                    problems.append(NeedsProblem(job: job.id, entry: need,
                                                 kind: .unknownJob(known: workflow.jobs.map(\.id.value))))
                } else {
                    edges[id, default: []].append(need)
                }
            }
        }
        if let cycle = firstCycle(edges: edges, order: workflow.jobs.map { $0.id.value.lowercased() }),
           let start = workflow.job(cycle[0]), let entry = edges[cycle[0]]?.first(where: {
               $0.value.lowercased() == cycle[1 % cycle.count]
           }) {
            problems.append(NeedsProblem(job: start.id, entry: entry, kind: .cycle(cycle.compactMap { ids[$0] })))
        }
        return problems
    }

    /// The jobs `id` names in its needs, as the file spells their ids.
    public func needs(of id: String) -> [String] {
        directNeeds[id.lowercased()] ?? []
    }

    /// Every job `id` waits for, directly or through other jobs, in file order. A job's default condition
    /// (`success()`) holds only when all of these succeeded, not just its direct needs.
    public func ancestors(of id: String) -> [String] {
        var found: Set<String> = []
        var pending = needs(of: id)
        while let next = pending.popLast() {
            if found.insert(next.lowercased()).inserted { pending += needs(of: next) }
        }
        return order.filter { found.contains($0.lowercased()) }
    }

    /// Every job that waits for `id`, directly or through other jobs, in file order: the jobs a failure of `id`
    /// skips unless their `if:` says otherwise.
    public func dependents(of id: String) -> [String] {
        order.filter { ancestors(of: $0).contains { $0.lowercased() == id.lowercased() } }
    }

    /// The workflow's job ids as spelled in the file, by lower-cased id (the first wins if two differ only in case).
    private static func jobIDs(of workflow: Workflow) -> [String: String] {
        Dictionary(workflow.jobs.map { ($0.id.value.lowercased(), $0.id.value) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// Layers: each round takes, in file order, every job whose needs earlier rounds placed. Without cycles
    /// every job is placed.
    private static func stages(order: [String], needs: [String: [String]]) -> [[String]] {
        var placed: Set<String> = []
        var remaining = order
        var stages: [[String]] = []
        while !remaining.isEmpty {
            let stage = remaining.filter { id in
                (needs[id.lowercased()] ?? []).allSatisfy { placed.contains($0.lowercased()) }
            }
            guard !stage.isEmpty else { break }
            stages.append(stage)
            placed.formUnion(stage.map { $0.lowercased() })
            remaining.removeAll { placed.contains($0.lowercased()) }
        }
        return stages
    }

    /// A cycle as the lower-cased ids of its jobs, found by depth-first search from each job in file order.
    /// Iterative, so a long chain of needs cannot exhaust the stack.
    private static func firstCycle(edges: [String: [Located<String>]], order: [String]) -> [String]? {
        var done: Set<String> = []
        for root in order where !done.contains(root) {
            // The path from `root`: each job with the index of the next of its needs to follow.
            var path: [(job: String, next: Int)] = [(root, 0)]
            var onPath: Set<String> = [root]
            while let (job, next) = path.last {
                let targets = edges[job] ?? []
                guard next < targets.count else {
                    path.removeLast()
                    onPath.remove(job)
                    done.insert(job)
                    continue
                }
                path[path.count - 1].next += 1
                let target = targets[next].value.lowercased()
                if onPath.contains(target) { return Array(path.map(\.job).drop { $0 != target }) }
                if !done.contains(target) {
                    path.append((target, 0))
                    onPath.insert(target)
                }
            }
        }
        return nil
    }
}
