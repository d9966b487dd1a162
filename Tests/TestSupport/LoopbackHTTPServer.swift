import Foundation

/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) that answers each request with whatever the test's handler
/// crafts, including lies a real registry would not tell: a wrong digest, a body shorter than its Content-Length,
/// a huge manifest, 401 challenges. One connection at a time, `Connection: close`: enough for a client under test.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path and query, as sent.
        public var target: String
        /// Lowercased names.
        public var headers: [String: String]
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// A Content-Length to claim instead of the body's real length (a truncated transfer).
        public var claimedLength: Int?

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

    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else { throw FixtureError("cannot listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.handler = handler
        port = UInt16(bigEndian: address.sin_port)
        // The thread holds the server weakly: when a test lets go of it, `deinit` closes the socket and `accept` fails.
        Thread { [weak self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                self?.answer(connection)
                close(connection)
            }
        }.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
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
        var bodyLength = data.count - (headerEnd! + 4)
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        while bodyLength < expected {  // read and drop an upload's body
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { break }
            bodyLength += count
        }
        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers)
        lock.withLock { received.append(request) }
        let response = handler(request)
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
