import Executors
import Foundation
import SwiftProtobuf

/// The runner's side of Forgejo's runner protocol: Connect unary calls over libcurl, one POST per call with the bare
/// protobuf message as body (`application/proto`, as the reference runner sends). Each call runs on a thread of
/// its own, since libcurl blocks. Answers are accepted gzip-encoded; Connect errors become `ForgejoError`s with
/// the server's code and message.
///
/// Calls after registration carry the runner's credentials; `ping` and `register` never do, so a token cannot
/// reach a server the runner has not registered with. Redirects are not followed: libcurl would send the
/// credential headers to wherever one points.
public struct ConnectClient: Sendable {
    public let instance: ForgejoInstance
    /// Nil before registration: then only `ping` and `register` can be called.
    public var credentials: RunnerCredentials?
    /// The longest one call may take, connecting to the last byte (the reference runner's is 60 s). The daemon
    /// sets its `fetch_timeout` for `fetchTask` on a copy.
    public var timeout: Duration
    private let http: HTTPClient

    /// How much of an answer is kept: a task carries its workflow, context (the whole webhook event) and secrets.
    private static let responseLimit = 64 << 20
    private static let userAgent = "swift-runner/\(VersionInfo.version)"

    /// `insecure` skips checking the instance's TLS certificate (config `runner.insecure`).
    public init(instance: ForgejoInstance, credentials: RunnerCredentials? = nil, timeout: Duration = .seconds(60),
                insecure: Bool = false) {
        self.instance = instance
        self.credentials = credentials
        self.timeout = timeout
        http = HTTPClient(maximumRedirects: 0, acceptsGzip: true, verifiesCertificates: !insecure)
    }

    /// Asks whether the instance answers; Forgejo replies "Hello, <data>!".
    public func ping(_ request: Ping_V1_PingRequest) async throws(ForgejoError) -> Ping_V1_PingResponse {
        try await call(.ping, request, hiding: [])
    }

    /// Registers a new runner with a registration token; the answer holds its id, uuid and token.
    public func register(_ request: Runner_V1_RegisterRequest) async throws(ForgejoError) -> Runner_V1_RegisterResponse {
        try await call(.register, request, hiding: [request.token])
    }

    /// Tells the instance this runner's version and labels (daemon start). Forgejo before 1.21 answers
    /// `unimplemented`: an old server, not a failure.
    public func declare(_ request: Runner_V1_DeclareRequest) async throws(ForgejoError) -> Runner_V1_DeclareResponse {
        try await call(.declare, request)
    }

    /// Asks for a task. `requestKey` (`x-runner-request-key`) makes a retry idempotent on instances that know it
    /// (Forgejo from 2026-02): sending the same key again returns the same task instead of assigning another one
    /// while the first answer was lost. Older instances ignore it.
    public func fetchTask(_ request: Runner_V1_FetchTaskRequest,
                          requestKey: UUID? = nil) async throws(ForgejoError) -> Runner_V1_FetchTaskResponse {
        try await call(.fetchTask, request, headers: requestKey.map { [("x-runner-request-key", $0.uuidString.lowercased())] } ?? [])
    }

    /// Reports a task's state and new outputs; also the task's heartbeat.
    public func updateTask(_ request: Runner_V1_UpdateTaskRequest) async throws(ForgejoError) -> Runner_V1_UpdateTaskResponse {
        try await call(.updateTask, request)
    }

    /// Sends log rows from `request.index`; the answer's `ack_index` says how many rows the instance holds.
    public func updateLog(_ request: Runner_V1_UpdateLogRequest) async throws(ForgejoError) -> Runner_V1_UpdateLogResponse {
        try await call(.updateLog, request)
    }

    /// One Connect unary call. `hiding` lists secrets besides the runner token that must not appear in an error.
    private func call<Response: SwiftProtobuf.Message>(
        _ procedure: ForgejoProcedure, _ message: some SwiftProtobuf.Message,
        headers extra: [(name: String, value: String)] = [], hiding: [String] = []
    ) async throws(ForgejoError) -> Response {
        let secrets = (hiding + [credentials?.token ?? ""]).filter { !$0.isEmpty }
        let failure = { (code: ForgejoError.Code, message: String, status: Int?) in
            ForgejoError(code, Self.hide(secrets, in: message), procedure: procedure, instance: instance.url, httpStatus: status)
        }
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/proto"), ("Connect-Protocol-Version", "1"), ("User-Agent", Self.userAgent),
        ]
        if procedure.needsCredentials {
            guard let credentials else {
                throw failure(.unauthenticated, "this runner has no credentials yet: register it first", nil)
            }
            headers += [("x-runner-uuid", credentials.uuid), ("x-runner-token", credentials.token)]
        }
        let body: [UInt8]
        do {
            body = try message.serializedBytes()
        } catch {
            throw failure(.malformedMessage, "cannot encode the request: \(error)", nil)
        }
        let request = HTTPRequest(.post, instance.url(of: procedure), headers: headers + extra, body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await onOwnThread { [http] () throws(ImageError) -> HTTPResponse in
                try http.send(request, allowPlainHTTP: true, into: .memory(limit: Self.responseLimit))
            }
        } catch {
            // The error names the request; ForgejoError names the procedure and instance: keep only the reason.
            let prefix = "\(request.method.rawValue) \(request.url) failed: "
            let reason = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            throw failure(error.code == .invalidContent ? .malformedMessage : .transport, reason, nil)
        }
        guard response.status == 200 else {
            if (300..<400).contains(response.status) {
                throw failure(.httpStatus, "the instance redirects to \(response.header("location") ?? "(no location)"); "
                              + "give the instance's own URL (redirects are not followed, so the token stays here)",
                              response.status)
            }
            if let connect = try? JSONDecoder().decode(ConnectErrorBody.self, from: Data(response.body)) {
                throw failure(ForgejoError.Code(rawValue: connect.code) ?? .unknown, connect.message ?? "(no message)",
                              response.status)
            }
            throw failure(.httpStatus, response.bodyExcerpt, response.status)
        }
        let type = response.header("content-type") ?? "(none)"
        guard type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/proto" else {
            throw failure(.malformedMessage, "the answer is \(type), not application/proto: is \(instance) a Forgejo "
                          + "instance, and is the URL its root?", response.status)
        }
        do {
            return try Response(serializedBytes: response.body)
        } catch {
            throw failure(.malformedMessage, "the answer is not a valid \(Response.protoMessageName): \(error)", response.status)
        }
    }

    private static func hide(_ secrets: [String], in text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}

/// A Connect error's JSON body: `{"code": "unauthenticated", "message": "unregistered runner"}`.
private struct ConnectErrorBody: Decodable {
    var code: String
    var message: String?
}
