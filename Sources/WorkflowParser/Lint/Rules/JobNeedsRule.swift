/// `needs:` names jobs that exist, not the job itself, each once, and without cycles.
struct JobNeedsRule: LintRule {
    static let id = RuleID.jobNeeds
    static let summary = "needs: names existing jobs, without repeats or cycles"

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        var edges: [String: [String]] = [:]
        let ids = Set(workflow.jobs.map { $0.id.value.lowercased() })
        for job in workflow.jobs {
            let id = job.id.value.lowercased()
            var seen: Set<String> = []
            for need in job.needs {
                let target = need.value.lowercased()
                if !seen.insert(target).inserted {
                    sink.error("job ID \"\(need.value)\" appears twice in needs (job IDs ignore case)", at: need.location)
                } else if target == id {
                    sink.error("job \"\(job.id.value)\" needs itself; remove it from its needs", at: need.location)
                } else if !ids.contains(target) {
                    // Reported at the job, as actionlint does, so editors mark the job that cannot start.
                    sink.error("job \"\(job.id.value)\" needs job \"\(need.value)\", which is not in this workflow; "
                               + "jobs here: \(workflow.jobs.map(\.id.value).joined(separator: ", "))", at: job.id.location)
                } else {
                    edges[id, default: []].append(target)
                }
            }
        }
        if let cycle = Self.firstCycle(in: edges, order: workflow.jobs.map { $0.id.value.lowercased() }),
           let start = workflow.job(cycle[0]) {
            sink.error("the needs of these jobs form a cycle, so none of them can start: "
                       + cycle.map { "\"\($0)\"" }.joined(separator: " -> ") + " -> \"\(cycle[0])\"",
                       at: start.id.location)
        }
    }

    /// A cycle as the list of its jobs, found by depth-first search in file order.
    static func firstCycle(in edges: [String: [String]], order: [String]) -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        var path: [String] = []
        func visit(_ node: String) -> [String]? {
            if let done = state[node] {
                return done ? nil : Array(path[path.firstIndex(of: node)!...])
            }
            state[node] = false
            path.append(node)
            for next in edges[node] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[node] = true
            return nil
        }
        for node in order {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }
}
