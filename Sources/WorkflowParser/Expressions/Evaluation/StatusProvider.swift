/// How the job (or, inside a composite action, its steps) has gone so far.
public enum ExecutionStatus: Sendable {
    case success, failure, cancelled
}

/// Where the status functions (`success()`, `failure()`, `cancelled()`, `always()`) get the status they judge.
/// The runner implements it for `if:` conditions; elsewhere there is none and the functions fail.
public protocol StatusProvider: Sendable {
    var status: ExecutionStatus { get }
}
