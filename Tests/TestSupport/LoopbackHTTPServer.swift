import Foundation

/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that answers each request with whatever the test's handler
/// crafts, including lies a real registry would not tell: a wrong digest, a body shorter than its Content-Length,
/// a huge manifest, 401 challenges, a dropped connection. `Connection: close` on every answer; connections are served
/// one at a time unless the server is `concurrent` (the fake Forgejo is: a delayed answer must not hold up others).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path and query, as sent.
        public var target: String
        /// Lowercased names.
        public var headers: [String: String]
        public var body: [UInt8]
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// A Content-Length to claim instead of the body's real length (a truncated transfer).
        public var claimedLength: Int?
        /// Close the connection without answering at all.
        public var dropsConnection = false

        /// No answer: the connection closes as if the server died mid-request.
        public static var droppedConnection: Response {
            var response = Response(status: 0)
            response.dropsConnection = true
            return response
        }

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], claimedLength: Int? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.claimedLength = claimedLength
        }

        public static func json(_ text: String, type: String = "application/json") -> Response {
            Response(status: 200, headers: [("Content-Type", type)], body: Array(text.utf8))
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var received: [Request] = []

    /// `host:port`, as an image reference's registry.
    public var registry: String { "127.0.0.1:\(port)" }

    public var requests: [Request] { lock.withLock { received } }

    /// Listens on `port` (0: a free one the system picks). `concurrent` answers each connection on a thread of its
    /// own, so the handler must then be safe to call from several threads at once.
    public init(port: UInt16 = 0, concurrent: Bool = false, handler: @escaping @Sendable (Request) -> Response) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw FixtureError("cannot listen on 127.0.0.1:\(port)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.handler = handler
        self.port = UInt16(bigEndian: address.sin_port)
        // The thread holds the server weakly: when a test lets go of it, `deinit` shuts the socket down and `accept`
        // fails. Only this thread closes the socket, so it never calls `accept` on a descriptor number that was
        // closed and handed to another server meanwhile (it would steal that server's connections).
        Thread { [weak self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else {
                    if errno == EINTR { continue }
                    close(listener)
                    return
                }
                guard concurrent else {
                    self?.answer(connection)
                    close(connection)
                    continue
                }
                Thread { [weak self] in
                    self?.answer(connection)
                    close(connection)
                }.start()
            }
        }.start()
    }

    /// A port nobody listens on right now, for a test that starts its server later (a client that must retry).
    public static func unusedPort() throws -> UInt16 {
        let probe = try LoopbackHTTPServer { _ in Response(status: 500) }
        return probe.port
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func answer(_ connection: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            data += buffer[..<count]
            headerEnd = data.indices.dropLast(3).first { data[$0] == 13 && data[$0 + 1] == 10 && data[$0 + 2] == 13 && data[$0 + 3] == 10 }
        }
        let lines = String(decoding: data[..<headerEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(headerEnd! + 4)...])
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < expected {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { break }
            body += buffer[..<count]
        }
        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
        lock.withLock { received.append(request) }
        let response = handler(request)
        guard !response.dropsConnection else { return }
        var head = "HTTP/1.1 \(response.status) Status\r\nConnection: close\r\nContent-Length: \(response.claimedLength ?? response.body.count)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + (request.method == "HEAD" ? [] : response.body)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}
