import Executors
import Foundation
import RunnerCore
import SwiftProtobuf

/// A Forgejo instance for tests: the runner protocol (Connect unary, binary protobuf, gzip for answers over 1 KiB)
/// on 127.0.0.1, with RunnerCore's generated messages and the server rules of the spec (see `FakeForgejoState`).
/// Tests queue tasks, cancel them, make calls fail (`inject`), and read back what a runner reported.
///
/// The fake is strict where a real Forgejo would be lenient or silent, so client mistakes show: a call without
/// `Connect-Protocol-Version: 1` or `Content-Type: application/proto` is refused.
public final class FakeForgejo: Sendable {
    /// A runner the fake knows: registered through the protocol or added by a test.
    public struct RegisteredRunner: Sendable, Equatable {
        public var id: Int64
        public var uuid: String
        public var token: String
        public var name: String
        /// Label names, as registered or last declared.
        public var labels: [String]
        public var version: String

        public var credentials: RunnerCredentials { RunnerCredentials(uuid: uuid, token: token) }
    }

    /// The registration token a fake accepts unless told otherwise.
    public static let registrationToken = "fake-forgejo-registration-token"

    private let server: LoopbackHTTPServer
    private let state: LockedValue<FakeForgejoState>

    public var port: UInt16 { server.port }
    public var instance: ForgejoInstance { try! ForgejoInstance("http://127.0.0.1:\(port)") }
    /// Every HTTP request received, faulted ones included.
    public var requests: [LoopbackHTTPServer.Request] { server.requests }

    /// Listens on `port` (0: any free one) and accepts the given registration tokens.
    public init(registrationTokens: Set<String> = [FakeForgejo.registrationToken], port: UInt16 = 0) throws {
        let state = LockedValue(FakeForgejoState(registrationTokens: registrationTokens))
        self.state = state
        server = try LoopbackHTTPServer(port: port, concurrent: true) { request in Self.answer(request, state: state) }
    }

    // MARK: Runners

    public var runners: [RegisteredRunner] { state.withLock { $0.runners.values.sorted { $0.id < $1.id } } }

    /// A runner known without registering (as after `forgejo-cli actions register`), for daemon tests.
    public func addRunner(name: String = "test-runner", labels: [String]) -> RegisteredRunner {
        state.withLock { $0.addRunner(name: name, labels: labels) }
    }

    // MARK: Tasks

    /// The server's current tasks version.
    public var tasksVersion: Int64 { state.withLock { $0.tasksVersion } }

    /// Queues a job whose `runs-on` is `labels`; it goes to the first runner that fetches and has all of them.
    /// Returns the task id (which replaces `task.id`).
    @discardableResult
    public func enqueue(task: Runner_V1_Task = Runner_V1_Task(), labels: [String]) -> Int64 {
        state.withLock { $0.enqueue(task, runsOn: labels) }
    }

    /// The uuid of the runner the task was given to, if any.
    public func assignee(of task: Int64) -> String? { state.withLock { $0.tasks[task]?.runner } }

    /// The task's state as the server holds it: the runner's reports until one finished it, or CANCELLED after
    /// `cancel`. Nil before the task was given to a runner.
    public func state(of task: Int64) -> Runner_V1_TaskState? { state.withLock { $0.tasks[task]?.state } }

    /// Every state the runner sent for the task, in order, including those sent after it finished.
    public func reports(of task: Int64) -> [Runner_V1_TaskState] { state.withLock { $0.tasks[task]?.reports ?? [] } }

    public func outputs(of task: Int64) -> [String: String] { state.withLock { $0.tasks[task]?.outputs ?? [:] } }

    /// The log rows stored for the task, in order.
    public func logs(of task: Int64) -> [Runner_V1_LogRow] { state.withLock { $0.tasks[task]?.logRows ?? [] } }

    /// Whether an UpdateLog with `no_more` archived the task's log.
    public func isLogArchived(task: Int64) -> Bool { state.withLock { $0.tasks[task]?.logArchived ?? false } }

    /// Cancels the task as a user would in the UI.
    public func cancel(task: Int64) { state.withLock { $0.cancel(task) } }

    // MARK: Faults and counts

    /// The next `times` calls of `method` meet `fault` instead of (or before) the normal answer; faults injected
    /// earlier come first. `times: .max` lasts until `clearFaults()`: an outage.
    public func inject(_ fault: Fault, method: ForgejoProcedure, times: Int = 1) {
        guard times > 0 else { return }
        state.withLock { $0.faults[method, default: []].append((fault, times)) }
    }

    /// Every call answers HTTP 503 until `clearFaults()`: the instance is down (a restart, a proxy without backend).
    public func goDown() {
        for method in ForgejoProcedure.allCases { inject(.httpStatus(503), method: method, times: .max) }
    }

    /// Ends every fault still to come: the instance answers normally again.
    public func clearFaults() { state.withLock { $0.faults = [:] } }

    /// How many calls of `method` arrived, faulted ones included.
    public func calls(of method: ForgejoProcedure) -> Int { state.withLock { $0.calls[method] ?? 0 } }

    // MARK: Answering

    private static func answer(_ request: LoopbackHTTPServer.Request,
                               state: LockedValue<FakeForgejoState>) -> LoopbackHTTPServer.Response {
        guard let procedure = ForgejoProcedure.allCases.first(where: { $0.path == request.target }) else {
            return .init(status: 404, headers: [("Content-Type", "text/plain")], body: Array("404 page not found".utf8))
        }
        guard request.method == "POST" else { return .init(status: 405, headers: [("Allow", "POST")]) }
        let fault: Fault? = state.withLock { state in
            state.calls[procedure, default: 0] += 1
            return state.takeFault(for: procedure)
        }
        switch fault {
        case .httpStatus(let status)?:
            return .init(status: status, headers: [("Content-Type", "text/plain")], body: Array("fake Forgejo: HTTP \(status)".utf8))
        case .connectError(let code, let message)?: return connectError(FakeForgejoRefusal(code, message))
        case .dropRequest?: return .droppedConnection
        case .delay(let duration)?:
            Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        case .dropAnswer?, nil: break
        }
        do {
            let message = try state.withLock { state throws(FakeForgejoRefusal) in try apply(procedure, request, to: &state) }
            if fault == .dropAnswer { return .droppedConnection }
            let body: [UInt8] = try message.serializedBytes()
            guard body.count > 1024, request.headers["accept-encoding"]?.contains("gzip") == true else {
                return .init(status: 200, headers: [("Content-Type", "application/proto")], body: body)
            }
            return .init(status: 200, headers: [("Content-Type", "application/proto"), ("Content-Encoding", "gzip")],
                         body: try Gzip.compress(body))
        } catch let refusal as FakeForgejoRefusal {
            return connectError(refusal)
        } catch {
            return connectError(FakeForgejoRefusal(.internal, "fake Forgejo: \(error)"))
        }
    }

    /// Checks the Connect headers, authenticates, decodes the request and applies the procedure's rule.
    private static func apply(_ procedure: ForgejoProcedure, _ request: LoopbackHTTPServer.Request,
                              to state: inout FakeForgejoState) throws(FakeForgejoRefusal) -> any SwiftProtobuf.Message {
        guard request.headers["content-type"] == "application/proto" else {
            throw FakeForgejoRefusal(.invalidArgument, "fake Forgejo wants Content-Type application/proto, "
                                     + "got \(request.headers["content-type"] ?? "none")")
        }
        guard request.headers["connect-protocol-version"] == "1" else {
            throw FakeForgejoRefusal(.invalidArgument, "missing required header: set Connect-Protocol-Version to \"1\"")
        }
        let body = request.body
        // Each authenticates before decoding, as Forgejo's interceptor checks the runner before the message is read.
        switch procedure {
        case .ping:
            let ping: Ping_V1_PingRequest = try decode(body)
            return Ping_V1_PingResponse.with { $0.data = "Hello, \(ping.data)!" }
        case .register:
            return try state.register(decode(body))
        case .declare:
            let runner = try state.authenticate(request.headers)
            return state.declare(try decode(body), by: runner)
        case .fetchTask:
            let runner = try state.authenticate(request.headers)
            return state.fetchTask(try decode(body), by: runner, requestKey: request.headers["x-runner-request-key"])
        case .updateTask:
            let runner = try state.authenticate(request.headers)
            return try state.updateTask(decode(body), by: runner)
        case .updateLog:
            let runner = try state.authenticate(request.headers)
            return try state.updateLog(decode(body), by: runner)
        }
    }

    private static func decode<Message: SwiftProtobuf.Message>(_ body: [UInt8]) throws(FakeForgejoRefusal) -> Message {
        do {
            return try Message(serializedBytes: body)
        } catch {
            throw FakeForgejoRefusal(.invalidArgument, "cannot decode \(Message.protoMessageName): \(error)")
        }
    }

    /// A Connect error: the HTTP status the Connect protocol gives the code, and `{"code", "message"}`.
    private static func connectError(_ refusal: FakeForgejoRefusal) -> LoopbackHTTPServer.Response {
        let statuses: [ForgejoError.Code: Int] = [
            .canceled: 499, .invalidArgument: 400, .deadlineExceeded: 504, .notFound: 404, .alreadyExists: 409,
            .permissionDenied: 403, .resourceExhausted: 429, .failedPrecondition: 400, .aborted: 409, .outOfRange: 400,
            .unimplemented: 501, .unavailable: 503, .unauthenticated: 401,
        ]
        let body = try! JSONSerialization.data(withJSONObject: ["code": refusal.code.rawValue, "message": refusal.message])
        return .init(status: statuses[refusal.code] ?? 500, headers: [("Content-Type", "application/json")], body: Array(body))
    }
}
