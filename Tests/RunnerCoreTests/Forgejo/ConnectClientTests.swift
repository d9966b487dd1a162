import Executors
import Foundation
import SwiftProtobuf
import TestSupport
import Testing
@testable import RunnerCore

/// The Connect client against the fake Forgejo: each procedure, the headers it sends, and how failures come back.
@Suite struct ConnectClientTests {
    let forgejo: FakeForgejo

    init() throws {
        forgejo = try FakeForgejo()
    }

    /// A client for a runner the fake knows, with the given labels.
    func runnerClient(labels: [String] = ["docker"], timeout: Duration = .seconds(10)) -> ConnectClient {
        let runner = forgejo.addRunner(labels: labels)
        return ConnectClient(instance: forgejo.instance, credentials: runner.credentials, timeout: timeout)
    }

    /// The error `body` throws, which must be a `ForgejoError`.
    func failure(_ body: () async throws -> Void) async throws -> ForgejoError {
        do {
            try await body()
        } catch let error as ForgejoError {
            return error
        }
        throw FixtureError("the call succeeded")
    }

    func headers(of procedure: ForgejoProcedure) -> [[String: String]] {
        forgejo.requests.filter { $0.target == procedure.path }.map(\.headers)
    }

    @Test func pingSendsConnectHeadersAndNoCredentials() async throws {
        let client = ConnectClient(instance: forgejo.instance, credentials: RunnerCredentials(uuid: "u", token: "secret"))
        let answer = try await client.ping(.with { $0.data = "runner" })
        #expect(answer.data == "Hello, runner!")
        let sent = try #require(headers(of: .ping).first)
        #expect(sent["content-type"] == "application/proto")
        #expect(sent["connect-protocol-version"] == "1")
        #expect(sent["user-agent"] == "swift-runner/\(VersionInfo.version)")
        #expect(sent["accept-encoding"]?.contains("gzip") == true)
        #expect(sent["x-runner-uuid"] == nil && sent["x-runner-token"] == nil)
    }

    @Test func registerAnswersTheNewRunnerWithoutSendingCredentials() async throws {
        let client = ConnectClient(instance: forgejo.instance)
        let answer = try await client.register(.with {
            $0.name = "builder"
            $0.token = FakeForgejo.registrationToken
            $0.version = "1.0"
            $0.labels = ["docker", "shell"]
        })
        #expect(answer.runner.name == "builder" && !answer.runner.uuid.isEmpty && answer.runner.token.count == 40)
        #expect(forgejo.runners.map(\.labels) == [["docker", "shell"]])
        #expect(headers(of: .register).first?["x-runner-token"] == nil)
    }

    @Test func aWrongRegistrationTokenIsInvalidArgumentAndStaysHidden() async throws {
        let client = ConnectClient(instance: forgejo.instance)
        let error = try await failure { _ = try await client.register(.with { $0.name = "n"; $0.token = "wrong-token" }) }
        #expect(error.code == .invalidArgument && error.httpStatus == 400)
        #expect(error.message == "runner registration token not found")
        #expect(error.procedure == .register && !error.isTransient)
        #expect(!error.description.contains("wrong-token"))
        #expect(forgejo.runners.isEmpty)
    }

    @Test func authenticatedCallsCarryTheCredentials() async throws {
        let client = runnerClient()
        _ = try await client.declare(.with { $0.version = "2.0"; $0.labels = ["docker", "big"] })
        _ = try await client.fetchTask(.init())
        let runner = try #require(forgejo.runners.first)
        #expect(runner.labels == ["docker", "big"] && runner.version == "2.0")
        for sent in headers(of: .declare) + headers(of: .fetchTask) {
            #expect(sent["x-runner-uuid"] == runner.uuid && sent["x-runner-token"] == runner.token)
        }
    }

    @Test func anUnknownRunnerIsUnauthenticated() async throws {
        let known = forgejo.addRunner(labels: ["docker"])
        let client = ConnectClient(instance: forgejo.instance, credentials: RunnerCredentials(uuid: known.uuid, token: "f00d"))
        let error = try await failure { _ = try await client.fetchTask(.init()) }
        #expect(error.code == .unauthenticated && error.message == "unregistered runner" && error.httpStatus == 401)
        let anonymous = ConnectClient(instance: forgejo.instance)
        let local = try await failure { _ = try await anonymous.updateLog(.init()) }
        #expect(local.code == .unauthenticated && local.httpStatus == nil)
        #expect(forgejo.calls(of: .updateLog) == 0)
    }

    @Test func fetchSearchesOnlyWhenTheVersionDiffers() async throws {
        let client = runnerClient(labels: ["docker", "big"])
        let idle = try await client.fetchTask(.init())
        #expect(!idle.hasTask && idle.tasksVersion == 0)
        let id = forgejo.enqueue(labels: ["docker"])
        let sameVersion = try await client.fetchTask(.with { $0.tasksVersion = forgejo.tasksVersion })
        #expect(!sameVersion.hasTask && sameVersion.tasksVersion == 1)
        let searched = try await client.fetchTask(.with { $0.tasksVersion = 0 })
        #expect(searched.task.id == id && searched.tasksVersion == 1)
        #expect(forgejo.assignee(of: id) == forgejo.runners.first?.uuid)
        let nothingLeft = try await client.fetchTask(.init())
        #expect(!nothingLeft.hasTask)
    }

    @Test func tasksGoOldestFirstToRunnersWithAllTheirLabels() async throws {
        let client = runnerClient(labels: ["docker", "big"])
        let tooDemanding = forgejo.enqueue(labels: ["docker", "gpu"])
        let noLabels = forgejo.enqueue(labels: [])
        let first = forgejo.enqueue(labels: ["big"])
        let second = forgejo.enqueue(labels: ["docker", "big"])
        var given: [Int64] = []
        for _ in 0..<3 {
            let answer = try await client.fetchTask(.init())
            if answer.hasTask { given.append(answer.task.id) }
        }
        #expect(given == [first, second])
        #expect(forgejo.assignee(of: tooDemanding) == nil && forgejo.assignee(of: noLabels) == nil)
    }

    @Test func aRetriedFetchWithTheSameKeyGetsTheSameTask() async throws {
        let client = runnerClient()
        let id = forgejo.enqueue(labels: ["docker"])
        forgejo.enqueue(labels: ["docker"])
        let key = UUID()
        forgejo.inject(.dropAnswer, method: .fetchTask)
        let lost = try await failure { _ = try await client.fetchTask(.init(), requestKey: key) }
        #expect(lost.code == .transport && lost.isTransient)
        let retried = try await client.fetchTask(.init(), requestKey: key)
        #expect(retried.task.id == id)
        #expect(headers(of: .fetchTask).last?["x-runner-request-key"] == key.uuidString.lowercased())
    }

    @Test func largeAnswersArriveGzippedAndDecoded() async throws {
        let client = runnerClient()
        let payload = Data((0..<20_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let id = forgejo.enqueue(task: .with {
            $0.workflowPayload = payload
            $0.secrets = ["TOKEN": "s"]
            $0.context = Google_Protobuf_Struct(fields: ["event_name": Google_Protobuf_Value(stringValue: "push")])
        }, labels: ["docker"])
        let answer = try await client.fetchTask(.init())
        #expect(answer.task.id == id && answer.task.workflowPayload == payload)
        #expect(answer.task.context.fields["event_name"]?.stringValue == "push")
    }

    @Test func updateTaskKeepsOutputsAndAnswersCancellation() async throws {
        let client = runnerClient()
        let id = forgejo.enqueue(labels: ["docker"])
        _ = try await client.fetchTask(.init())
        let first = try await client.updateTask(.with {
            $0.state = .with { $0.id = id; $0.steps = [.with { $0.id = 0; $0.logLength = 2 }] }
            $0.outputs = ["a": "1"]
        })
        #expect(first.state.result == .unspecified && first.sentOutputs == ["a"])
        #expect(forgejo.state(of: id)?.steps.first?.logLength == 2)
        forgejo.cancel(task: id)
        let second = try await client.updateTask(.with { $0.state = .with { $0.id = id }; $0.outputs = ["a": "changed", "b": "2"] })
        #expect(second.state.result == .cancelled && second.sentOutputs == ["a", "b"])
        #expect(forgejo.outputs(of: id) == ["a": "1", "b": "2"])
        let final = try await client.updateTask(.with { $0.state = .with { $0.id = id; $0.result = .failure } })
        #expect(final.state.result == .cancelled && forgejo.state(of: id)?.result == .cancelled)
        #expect(forgejo.reports(of: id).map(\.result) == [.unspecified, .unspecified, .failure])
    }

    @Test func updateTaskForSomeoneElsesTaskIsRefused() async throws {
        let other = runnerClient()
        let id = forgejo.enqueue(labels: ["docker"])
        _ = try await other.fetchTask(.init())
        let error = try await failure { _ = try await runnerClient().updateTask(.with { $0.state = .with { $0.id = id } }) }
        #expect(error.code == .internal)
    }

    /// The spec's acknowledgement rule, row by row.
    @Test func updateLogFollowsTheAckRule() async throws {
        let client = runnerClient()
        let id = forgejo.enqueue(labels: ["docker"])
        _ = try await client.fetchTask(.init())
        func send(_ index: Int64, _ contents: [String], noMore: Bool = false) async throws(ForgejoError) -> Int64 {
            try await client.updateLog(.with {
                $0.taskID = id
                $0.index = index
                $0.rows = contents.map { text in .with { $0.content = text; $0.time = Google_Protobuf_Timestamp(seconds: 1) } }
                $0.noMore = noMore
            }).ackIndex
        }
        #expect(try await send(0, ["a", "b"]) == 2)
        #expect(try await send(0, []) == 2)  // empty: nothing stored
        #expect(try await send(3, ["x"]) == 2)  // starts past the ack: a gap, refused by answering the ack
        #expect(try await send(0, ["a", "b"]) == 2)  // ends at the ack: all already stored
        #expect(try await send(1, ["b", "c", "d"]) == 4)  // overlaps: only c and d are new
        #expect(try await send(4, ["e"], noMore: true) == 5)
        #expect(forgejo.logs(of: id).map(\.content) == ["a", "b", "c", "d", "e"] && forgejo.isLogArchived(task: id))
        #expect(try await send(3, ["d", "e"]) == 5)  // a resend of stored rows is still answered
        let archived = try await failure { _ = try await send(5, ["late"]) }
        #expect(archived.code == .alreadyExists && archived.message == "log file has been archived")
    }

    @Test func faultsBecomeTypedErrors() async throws {
        let client = runnerClient()
        forgejo.inject(.httpStatus(503), method: .fetchTask)
        forgejo.inject(.connectError(.unimplemented, "not implemented"), method: .declare)
        forgejo.inject(.dropRequest, method: .updateLog)
        let proxy = try await failure { _ = try await client.fetchTask(.init()) }
        #expect(proxy.code == .httpStatus && proxy.httpStatus == 503 && proxy.isTransient)
        #expect(proxy.description.contains("HTTP 503"))
        let old = try await failure { _ = try await client.declare(.init()) }
        #expect(old.code == .unimplemented && old.message == "not implemented" && old.httpStatus == 501)
        let dropped = try await failure { _ = try await client.updateLog(.init()) }
        #expect(dropped.code == .transport && dropped.description.contains(forgejo.instance.url))
        // Each fault was used up: the next calls go through.
        _ = try await client.fetchTask(.init())
        _ = try await client.declare(.init())
        #expect(forgejo.calls(of: .fetchTask) == 2 && forgejo.calls(of: .declare) == 2)
    }

    @Test func anOutageLastsUntilCleared() async throws {
        let client = runnerClient()
        forgejo.inject(.httpStatus(502), method: .updateLog, times: .max)
        for _ in 0..<3 {
            let error = try await failure { _ = try await client.updateLog(.init()) }
            #expect(error.httpStatus == 502)
        }
        forgejo.clearFaults()
        let id = forgejo.enqueue(labels: ["docker"])
        _ = try await client.fetchTask(.init())
        #expect(try await client.updateLog(.with { $0.taskID = id }).ackIndex == 0)
    }

    @Test func aSlowAnswerEndsAtTheTimeout() async throws {
        let client = runnerClient(timeout: .milliseconds(500))
        // The answer comes after 3 s: a client that waited for it would succeed; one that keeps its timeout fails so.
        forgejo.inject(.delay(.seconds(3)), method: .fetchTask)
        let error = try await failure { _ = try await client.fetchTask(.init()) }
        #expect(error.code == .transport && error.isTransient)
        #expect(error.message.lowercased().contains("timed out"))
    }

    @Test func nothingListeningIsATransportError() async throws {
        let instance = try ForgejoInstance("http://127.0.0.1:\(try LoopbackHTTPServer.unusedPort())/")
        let error = try await failure { _ = try await ConnectClient(instance: instance).ping(.init()) }
        #expect(error.code == .transport && error.httpStatus == nil && error.isTransient)
    }
}

/// What the client makes of answers no fake Forgejo gives: a hand-made gzip body, a web page, a redirect, an unknown
/// code, a server that repeats the token.
@Suite struct ConnectClientAnswerTests {
    /// A client of a server that answers every call with `response`. The server lives as long as the suite.
    func client(answering response: LoopbackHTTPServer.Response, credentials: RunnerCredentials? = nil) throws -> ConnectClient {
        let server = try LoopbackHTTPServer { _ in response }
        servers.withLock { $0.append(server) }
        return ConnectClient(instance: try ForgejoInstance("http://127.0.0.1:\(server.port)"), credentials: credentials)
    }

    private let servers = LockedValue<[LoopbackHTTPServer]>([])

    @Test func gzipEncodedAnswersAreDecoded() async throws {
        let message = Ping_V1_PingResponse.with { $0.data = String(repeating: "Hello! ", count: 500) }
        let body = try Gzip.compress(try message.serializedBytes())
        let client = try client(answering: .init(status: 200, headers: [
            ("Content-Type", "application/proto"), ("Content-Encoding", "gzip"),
        ], body: body))
        #expect(try await client.ping(.init()) == message)
    }

    @Test func aWebPageIsNotAForgejoAnswer() async throws {
        let client = try client(answering: .json("<html>login</html>", type: "text/html"))
        do {
            _ = try await client.ping(.init())
            Issue.record("a web page was taken for an answer")
        } catch {
            #expect(error.code == .malformedMessage && error.message.contains("text/html"))
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let elsewhere = try LoopbackHTTPServer { _ in .init(status: 200) }
        servers.withLock { $0.append(elsewhere) }
        let client = try client(answering: .init(status: 302, headers: [("Location", "http://127.0.0.1:\(elsewhere.port)/")]),
                                credentials: RunnerCredentials(uuid: "u", token: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"))
        do {
            _ = try await client.fetchTask(.init())
            Issue.record("the call succeeded")
        } catch {
            #expect(error.code == .httpStatus && error.httpStatus == 302)
            #expect(error.message.contains("redirects to http://127.0.0.1:\(elsewhere.port)/"))
        }
        #expect(elsewhere.requests.isEmpty)
    }

    @Test func unknownConnectCodesAreUnknownAndTheTokenIsHidden() async throws {
        let credentials = RunnerCredentials(uuid: "u", token: "0123456789abcdef0123456789abcdef01234567")
        let client = try client(answering: .init(status: 500, headers: [("Content-Type", "application/json")],
            body: Array(#"{"code":"brand_new","message":"bad token 0123456789abcdef0123456789abcdef01234567"}"#.utf8)),
            credentials: credentials)
        do {
            _ = try await client.updateTask(.init())
            Issue.record("the call succeeded")
        } catch {
            #expect(error.code == .unknown && error.message == "bad token ***")
            #expect(!error.description.contains(credentials.token) && !"\(credentials)".contains(credentials.token))
        }
    }
}
