import Executors
import Foundation
import Testing
@testable import RunnerCore

/// `metrics.addr`: the Prometheus text a scrape gets, and a clear error for a bad address.
@Suite struct MetricsServerTests {
    @Test func aScrapeGetsTheDaemonsCounters() async throws {
        var counters = DaemonCounters()
        counters.running = 2
        counters.finished = [.success: 5, .failure: 1]
        counters.fetchErrors = 3
        counters.pendingLogRows = 120
        let snapshot = counters
        let server = try MetricsServer(address: "127.0.0.1:0") { snapshot }
        let response = try await onOwnThread { () throws(ImageError) in
            try HTTPClient().send(HTTPRequest(.get, "http://127.0.0.1:\(server.port)/metrics"), allowPlainHTTP: true)
        }
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 200)
        for line in ["swift_runner_jobs_running 2", "swift_runner_jobs_total{result=\"success\"} 5",
                     "swift_runner_jobs_total{result=\"failure\"} 1", "swift_runner_fetch_errors_total 3",
                     "swift_runner_log_rows_pending 120"] {
            #expect(text.contains(line + "\n"), "\(line) missing")
        }
        let other = try await onOwnThread { () throws(ImageError) in
            try HTTPClient().send(HTTPRequest(.get, "http://127.0.0.1:\(server.port)/"), allowPlainHTTP: true)
        }
        #expect(other.status == 404)
    }

    @Test func aBadAddressIsAClearError() {
        #expect(throws: ConfigError.self) { try MetricsServer(address: "localhost") { DaemonCounters() } }
        #expect(throws: ConfigError.self) { try MetricsServer(address: "not-an-ip:9101") { DaemonCounters() } }
    }
}
