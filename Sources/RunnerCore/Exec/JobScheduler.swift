import WorkflowParser

/// A job that will not run, and why.
struct JobSkip: Error, Sendable {
    var outcome: JobOutcome
    var note: String
}

/// One matrix combination of a job, ready to run.
struct PreparedCombination: Sendable {
    enum Work: Sendable {
        /// The job's steps, in a sandbox there.
        case steps(JobPlacement)
        /// A reusable workflow, run by the runner inside this job.
        case call(ReusableWorkflowCall)
    }

    var jobID: String
    var definition: JobDefinition
    var work: Work
    var index = 0
}

/// The bookkeeping of a run: which jobs wait for which, which combinations are queued, running or done, and what
/// each job's result is once all its combinations are in. No I/O: `WorkflowRun` does the running.
struct JobScheduler {
    private enum State {
        case waiting
        case running(queued: [PreparedCombination], running: Int, results: [(name: String, result: JobResult)?], failFast: Bool, maxParallel: Int)
        case finished
    }

    private let workflow: Workflow
    private var states: [String: State] = [:]
    private(set) var results: [String: WorkflowJobResult] = [:]

    init(workflow: Workflow, selected: Set<String>) {
        self.workflow = workflow
        var wanted = selected.isEmpty ? Set(workflow.jobs.map(\.id.value)) : selected
        // A selected job brings the jobs it needs, transitively.
        var frontier = Array(wanted)
        while let id = frontier.popLast() {
            for need in workflow.job(id)?.needs ?? [] where !wanted.contains(need.value) {
                wanted.insert(need.value)
                frontier.append(need.value)
            }
        }
        for job in workflow.jobs where wanted.contains(job.id.value) { states[job.id.value] = .waiting }
    }

    /// Waiting jobs whose needs have all finished, in file order.
    func readyJobs() -> [String] {
        workflow.jobs.map(\.id.value).filter { id in
            guard case .waiting? = states[id] else { return false }
            return (workflow.job(id)?.needs ?? []).allSatisfy { results[$0.value] != nil }
        }
    }

    /// Queues a ready job's combinations, or records why it will not run.
    mutating func expand(_ jobID: String, _ prepared: Result<[PreparedCombination], JobSkip>) {
        switch prepared {
        case .failure(let skip):
            finishWithout(jobID, skip)
        case .success(let combinations):
            let strategy = combinations.first?.definition.strategy
            let failFast = strategy?["fail-fast"]?.isTruthy ?? true
            let maxParallel = Int(strategy?["max-parallel"]?.coercedNumber ?? 0)
            let queued = combinations.enumerated().map { offset, combination in
                var indexed = combination
                indexed.index = offset
                return indexed
            }
            states[jobID] = .running(queued: queued, running: 0, results: Array(repeating: nil, count: queued.count),
                                     failFast: failFast, maxParallel: maxParallel > 0 ? maxParallel : Int.max)
        }
    }

    /// The next combination to start, respecting each job's `max-parallel`; jobs in file order.
    mutating func nextCombination() -> PreparedCombination? {
        for job in workflow.jobs {
            guard case .running(var queued, let running, let results, let failFast, let maxParallel)? = states[job.id.value],
                  !queued.isEmpty, running < maxParallel else { continue }
            let next = queued.removeFirst()
            states[job.id.value] = .running(queued: queued, running: running + 1, results: results, failFast: failFast, maxParallel: maxParallel)
            return next
        }
        return nil
    }

    /// Records a finished combination. Returns true when the job's other combinations should be cancelled
    /// (it failed and the strategy is fail-fast).
    mutating func finish(_ jobID: String, index: Int, name: String, result: JobResult) -> Bool {
        guard case .running(var queued, let running, var results, let failFast, let maxParallel)? = states[jobID] else { return false }
        results[index] = (name: name, result: result)
        let cancelOthers = failFast && result.outcome == .failure
        if cancelOthers {
            for combination in queued {
                results[combination.index] = (name: combination.definition.displayName, result: JobResult(outcome: .cancelled))
            }
            queued = []
        }
        if running - 1 == 0, queued.isEmpty {
            complete(jobID, results.compactMap { $0 })
        } else {
            states[jobID] = .running(queued: queued, running: running - 1, results: results, failFast: failFast, maxParallel: maxParallel)
        }
        return cancelOthers
    }

    /// Jobs still waiting when the run was cancelled.
    mutating func cancelRemaining(_ reason: String) {
        for (id, state) in states {
            if case .waiting = state { finishWithout(id, JobSkip(outcome: .cancelled, note: reason)) }
        }
    }

    /// Jobs that can never start (what they need never finished): failed, saying so.
    mutating func failStuckJobs() {
        for (id, state) in states {
            guard case .waiting = state else { continue }
            let missing = (workflow.job(id)?.needs ?? []).map(\.value).filter { results[$0] == nil }
            finishWithout(id, JobSkip(outcome: .failure, note: "\(id) never started: it needs \(missing.joined(separator: ", ")), which never finished"))
        }
    }

    func orderedResults() -> [WorkflowJobResult] {
        workflow.jobs.compactMap { results[$0.id.value] }
    }

    private mutating func finishWithout(_ jobID: String, _ skip: JobSkip) {
        states[jobID] = .finished
        results[jobID] = WorkflowJobResult(jobID: jobID, result: skip.outcome, outputs: [:], runs: [], note: skip.note)
    }

    /// A job's result from its combinations: failure if one failed, else cancelled if one was, else success
    /// (skipped only when all were).
    private mutating func complete(_ jobID: String, _ runs: [(name: String, result: JobResult)]) {
        states[jobID] = .finished
        let outcomes = runs.map(\.result.outcome)
        let outcome: JobOutcome = outcomes.contains(.failure) ? .failure
            : outcomes.contains(.cancelled) ? .cancelled
            : outcomes.allSatisfy({ $0 == .skipped }) ? .skipped : .success
        var outputs: [String: String] = [:]
        for run in runs { outputs.merge(run.result.outputs) { $1 } }
        results[jobID] = WorkflowJobResult(jobID: jobID, result: outcome, outputs: outputs, runs: runs, note: nil)
    }
}
