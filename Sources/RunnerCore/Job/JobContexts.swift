import WorkflowParser

extension ExpressionObject {
    /// An object of strings, keys sorted (so printing a context is stable).
    convenience init(strings: [String: String]) {
        self.init(strings.sorted { $0.key < $1.key }.map { (key: $0.key, value: .string($0.value)) })
    }

    /// This object with `entries` set on top (same key ignoring case: the new value wins).
    func merging(_ entries: [(key: String, value: ExpressionValue)]) -> ExpressionObject {
        ExpressionObject(self.entries + entries)
    }
}

/// The `github` context under its three names: Forgejo's expressions know it also as `forgejo` and `forge`.
func githubContexts(_ github: ExpressionObject) -> [(key: String, value: ExpressionValue)] {
    ["github", "forgejo", "forge"].map { (key: $0, value: .object(github)) }
}

/// The outcome of an earlier step, as the `steps` context shows it.
struct StepRecord: Sendable {
    var outputs: [String: String] = [:]
    var outcome: JobOutcome
    var conclusion: JobOutcome

    var value: ExpressionValue {
        .object(ExpressionObject([
            (key: "outputs", value: .object(ExpressionObject(strings: outputs))),
            (key: "outcome", value: .string(outcome.rawValue)),
            (key: "conclusion", value: .string(conclusion.rawValue)),
        ]))
    }
}

/// The job's status for `success()`, `failure()` and `cancelled()`.
struct FixedStatus: StatusProvider {
    let status: ExecutionStatus
}

extension JobOutcome {
    var executionStatus: ExecutionStatus {
        switch self {
        case .success, .skipped: .success
        case .failure: .failure
        case .cancelled: .cancelled
        }
    }
}

extension ExecutionStatus {
    var outcome: JobOutcome {
        switch self {
        case .success: .success
        case .failure: .failure
        case .cancelled: .cancelled
        }
    }
}

/// The `needs` context from the needed jobs' results and outputs.
func needsContext(_ needs: [String: NeededJob]) -> ExpressionObject {
    ExpressionObject(needs.sorted { $0.key < $1.key }.map { id, needed in
        (key: id, value: .object(ExpressionObject([
            (key: "result", value: .string(needed.result.rawValue)),
            (key: "outputs", value: .object(ExpressionObject(strings: needed.outputs))),
        ])))
    })
}
