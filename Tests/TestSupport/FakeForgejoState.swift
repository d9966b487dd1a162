import Foundation
import RunnerCore
import SwiftProtobuf

/// A Connect error the fake answers a call with.
struct FakeForgejoRefusal: Error {
    var code: ForgejoError.Code
    var message: String

    init(_ code: ForgejoError.Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// What the fake Forgejo knows, and its server rules: the ones the spec states (tasks version, label matching, the
/// log acknowledgement rule, archived logs, outputs) with Forgejo's own error codes and messages. Every method runs
/// with the fake's lock held.
struct FakeForgejoState {
    struct TaskRecord {
        var task: Runner_V1_Task
        var runsOn: [String]
        /// The uuid of the runner the task was given to.
        var runner: String?
        /// As stored: the runner's reports until the task finished, then the server's result.
        var state: Runner_V1_TaskState?
        /// Every state the runner sent, also those after the task finished (which the server ignores).
        var reports: [Runner_V1_TaskState] = []
        var outputs: [String: String] = [:]
        var logRows: [Runner_V1_LogRow] = []
        var logArchived = false

        var isFinished: Bool { (state?.result ?? .unspecified) != .unspecified }
    }

    var registrationTokens: Set<String>
    var runners: [String: FakeForgejo.RegisteredRunner] = [:]
    var tasks: [Int64: TaskRecord] = [:]
    /// Forgejo's counter of changes to the job queue; 0 until the first job is queued, as on a new instance.
    var tasksVersion: Int64 = 0
    /// FetchTask answers by runner uuid and `x-runner-request-key`, for idempotent retries.
    var fetchAnswers: [String: Runner_V1_FetchTaskResponse] = [:]
    /// Faults still to come, in order, each with how many more calls it meets (`Int.max`: until cleared).
    var faults: [ForgejoProcedure: [(fault: FakeForgejo.Fault, remaining: Int)]] = [:]
    var calls: [ForgejoProcedure: Int] = [:]
    private var lastRunnerID: Int64 = 0
    private var lastTaskID: Int64 = 0

    init(registrationTokens: Set<String>) {
        self.registrationTokens = registrationTokens
    }

    /// The fault the next call of `procedure` meets, used up by it.
    mutating func takeFault(for procedure: ForgejoProcedure) -> FakeForgejo.Fault? {
        guard var queue = faults[procedure], let next = queue.first else { return nil }
        if next.remaining > 1 { queue[0].remaining -= 1 } else { queue.removeFirst() }
        faults[procedure] = queue
        return next.fault
    }

    /// Forgejo's check of `x-runner-uuid` and `x-runner-token`: anything unknown is "unregistered runner".
    func authenticate(_ headers: [String: String]) throws(FakeForgejoRefusal) -> FakeForgejo.RegisteredRunner {
        guard let uuid = headers["x-runner-uuid"], let runner = runners[uuid], headers["x-runner-token"] == runner.token else {
            throw FakeForgejoRefusal(.unauthenticated, "unregistered runner")
        }
        return runner
    }

    mutating func addRunner(name: String, labels: [String], version: String = "") -> FakeForgejo.RegisteredRunner {
        lastRunnerID += 1
        let token = (0..<40).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
        let runner = FakeForgejo.RegisteredRunner(id: lastRunnerID, uuid: UUID().uuidString.lowercased(), token: token,
                                                  name: name, labels: labels, version: version)
        runners[runner.uuid] = runner
        return runner
    }

    mutating func register(_ request: Runner_V1_RegisterRequest) throws(FakeForgejoRefusal) -> Runner_V1_RegisterResponse {
        guard !request.token.isEmpty, !request.name.isEmpty else {
            throw FakeForgejoRefusal(.invalidArgument, "missing runner token, name")
        }
        guard registrationTokens.contains(request.token) else {
            throw FakeForgejoRefusal(.invalidArgument, "runner registration token not found")
        }
        let runner = addRunner(name: request.name, labels: request.labels, version: request.version)
        return .with { $0.runner = runner.message(withToken: true) }
    }

    mutating func declare(_ request: Runner_V1_DeclareRequest, by runner: FakeForgejo.RegisteredRunner) -> Runner_V1_DeclareResponse {
        runners[runner.uuid]?.labels = request.labels
        runners[runner.uuid]?.version = request.version
        return .with { $0.runner = runners[runner.uuid]!.message(withToken: false) }
    }

    /// Searches only when the runner's version differs from the current one, and always answers the current one.
    /// The oldest waiting task whose `runs-on` labels the runner all has is assigned; an empty `runs-on` never is.
    mutating func fetchTask(_ request: Runner_V1_FetchTaskRequest, by runner: FakeForgejo.RegisteredRunner,
                            requestKey: String?) -> Runner_V1_FetchTaskResponse {
        let keyed = requestKey.map { runner.uuid + "/" + $0 }
        if let keyed, let earlier = fetchAnswers[keyed] { return earlier }
        var response = Runner_V1_FetchTaskResponse.with { $0.tasksVersion = tasksVersion }
        if request.tasksVersion != tasksVersion, let id = tasks.keys.sorted().first(where: { isAssignable($0, to: runner) }) {
            tasks[id]?.runner = runner.uuid
            tasks[id]?.state = .with { $0.id = id }
            response.task = tasks[id]!.task
        }
        if let keyed { fetchAnswers[keyed] = response }
        return response
    }

    private func isAssignable(_ id: Int64, to runner: FakeForgejo.RegisteredRunner) -> Bool {
        guard let record = tasks[id], record.runner == nil, !record.isFinished, !record.runsOn.isEmpty else { return false }
        return Set(record.runsOn).isSubset(of: runner.labels)
    }

    /// Stores the state unless the task already finished (then the server's result stands: a cancelled task
    /// answers CANCELLED), keeps the first value of each output key, and lists every key it holds.
    mutating func updateTask(_ request: Runner_V1_UpdateTaskRequest,
                             by runner: FakeForgejo.RegisteredRunner) throws(FakeForgejoRefusal) -> Runner_V1_UpdateTaskResponse {
        let id = request.state.id
        guard var record = tasks[id], record.runner == runner.uuid else {
            throw FakeForgejoRefusal(.internal, "update task: task \(id) is not assigned to runner \(runner.uuid)")
        }
        record.reports.append(request.state)
        if !record.isFinished { record.state = request.state }
        for (key, value) in request.outputs where record.outputs[key] == nil { record.outputs[key] = value }
        tasks[id] = record
        return .with {
            $0.state = .with { $0.id = id; $0.result = record.state?.result ?? .unspecified }
            $0.sentOutputs = record.outputs.keys.sorted()
        }
    }

    /// The acknowledgement rule: `ack` is the number of rows stored. Nothing is stored, and `ack` answered, when
    /// the rows are empty, start past `ack`, or end at or before it; otherwise `rows[ack-index...]` are appended.
    /// New rows for an archived log are refused with already_exists; `no_more` archives the log.
    mutating func updateLog(_ request: Runner_V1_UpdateLogRequest,
                            by runner: FakeForgejo.RegisteredRunner) throws(FakeForgejoRefusal) -> Runner_V1_UpdateLogResponse {
        guard var record = tasks[request.taskID], record.runner == runner.uuid else {
            throw FakeForgejoRefusal(.internal, "get task: task \(request.taskID) is not assigned to runner \(runner.uuid)")
        }
        let ack = Int64(record.logRows.count)
        let count = Int64(request.rows.count)
        if request.rows.isEmpty || request.index > ack || request.index + count <= ack {
            return .with { $0.ackIndex = ack }
        }
        guard !record.logArchived else { throw FakeForgejoRefusal(.alreadyExists, "log file has been archived") }
        record.logRows += request.rows[Int(ack - request.index)...]
        if request.noMore { record.logArchived = true }
        tasks[request.taskID] = record
        return .with { $0.ackIndex = Int64(record.logRows.count) }
    }

    mutating func enqueue(_ task: Runner_V1_Task, runsOn: [String]) -> Int64 {
        lastTaskID += 1
        var task = task
        task.id = lastTaskID
        tasks[lastTaskID] = TaskRecord(task: task, runsOn: runsOn)
        tasksVersion += 1
        return lastTaskID
    }

    /// A user cancels the run: a waiting task is never assigned, a running one answers CANCELLED from now on.
    mutating func cancel(_ id: Int64) {
        guard var record = tasks[id], !record.isFinished else { return }
        var state = record.state ?? .with { $0.id = id }
        state.result = .cancelled
        state.stoppedAt = Google_Protobuf_Timestamp(date: Date())
        record.state = state
        tasks[id] = record
    }
}

extension FakeForgejo.RegisteredRunner {
    /// As Forgejo sends it: the token only in Register's answer.
    func message(withToken: Bool) -> Runner_V1_Runner {
        .with {
            $0.id = id
            $0.uuid = uuid
            if withToken { $0.token = token }
            $0.name = name
            $0.labels = labels
            $0.version = version
            $0.status = .idle
        }
    }
}
