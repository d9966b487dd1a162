import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `metrics.addr`: a Prometheus text endpoint (`GET /metrics`) with what admins watch: jobs running, jobs by
/// result, fetch errors, log rows waiting for Forgejo. One thread, one request at a time, nothing but GET /metrics:
/// a scrape every few seconds needs no more.
public final class MetricsServer: @unchecked Sendable {
    public let port: UInt16
    private let socket: Int32
    private let counters: @Sendable () -> DaemonCounters

    /// Listens on `address` (`host:port`, an IPv4 host; port 0 picks a free one).
    public init(address: String, counters: @escaping @Sendable () -> DaemonCounters) throws(ConfigError) {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw ConfigError("metrics.addr \"\(address)\" must be HOST:PORT, e.g. 127.0.0.1:9101")
        }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        guard inet_pton(AF_INET, String(parts[0].isEmpty ? "0.0.0.0" : parts[0]), &socketAddress.sin_addr) == 1 else {
            throw ConfigError("metrics.addr \"\(address)\": \(parts[0]) is no IPv4 address")
        }
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw ConfigError("cannot listen on metrics.addr \(address): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.socket = fd
        self.counters = counters
        Thread { [self] in serve() }.start()
    }

    /// The text a scrape gets.
    public static func exposition(_ counters: DaemonCounters) -> String {
        var text = "# HELP swift_runner_jobs_running Jobs running now.\n# TYPE swift_runner_jobs_running gauge\n"
        text += "swift_runner_jobs_running \(counters.running)\n"
        text += "# HELP swift_runner_jobs_total Jobs finished since start, by result.\n# TYPE swift_runner_jobs_total counter\n"
        for outcome in [JobOutcome.success, .failure, .cancelled, .skipped] {
            text += "swift_runner_jobs_total{result=\"\(outcome.rawValue)\"} \(counters.finished[outcome] ?? 0)\n"
        }
        text += "# HELP swift_runner_fetch_errors_total Failed FetchTask calls since start.\n# TYPE swift_runner_fetch_errors_total counter\n"
        text += "swift_runner_fetch_errors_total \(counters.fetchErrors)\n"
        text += "# HELP swift_runner_log_rows_pending Log rows not yet acknowledged by Forgejo.\n# TYPE swift_runner_log_rows_pending gauge\n"
        text += "swift_runner_log_rows_pending \(counters.pendingLogRows)\n"
        return text
    }

    private func serve() {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else {
                // A connection that went away, or no descriptor to spare: the next scrape may fare better.
                if errno == EMFILE || errno == ENFILE { usleep(100_000) }
                continue
            }
            // Not inherited by the jobs' processes the daemon starts meanwhile, and no scraper that sends nothing
            // holds the one thread.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(client, &buffer, buffer.count)
            let request = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
            let found = request.hasPrefix("GET /metrics ") || request.hasPrefix("GET /metrics?")
            let body = found ? Self.exposition(counters()) : "only GET /metrics is served here\n"
            let head = "HTTP/1.1 \(found ? "200 OK" : "404 Not Found")\r\nContent-Type: text/plain; version=0.0.4\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array((head + body).utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }
}
