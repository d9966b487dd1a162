import ArgumentParser
import Dispatch
import Foundation
import Logging
import RunnerCore

/// Where the daemon's configuration and state are; shared by `daemon` and `one-job`.
struct DaemonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("config.yaml (runner, fence, registries); defaults without it.", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Sandboxes, images, the action cache and logs waiting for Forgejo live here.", valueName: "DIR"))
    var stateDirectory = "/var/lib/swift-runner"

    /// config.yaml, or the defaults.
    func configuration() throws -> RunnerConfig {
        try config.map { try RunnerConfig.load(from: URL(fileURLWithPath: $0)) } ?? RunnerConfig()
    }

    /// Reads the configuration and `.runner`, sets up logging, declares the runner; errors are fatal, with what to do.
    func launch() async throws -> (RunnerDaemon, Logger) {
        let launch: DaemonLaunch
        do {
            launch = try DaemonLaunch(configPath: config, stateDirectory: stateDirectory)
        } catch {
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        }
        let level = launch.config.daemon.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level == .warn ? "warning" : level.rawValue) ?? .info
            return handler
        }
        let logger = Logger(label: "swift-runner")
        try await launch.declare(logger: logger)
        return (try launch.daemon(logger: logger), logger)
    }
}

/// SIGTERM or SIGINT: the first stops fetching and lets running jobs finish (up to `shutdown_timeout`), the second
/// cancels them at once; final reports are still sent.
func onShutdownSignals(_ daemon: RunnerDaemon) -> [any DispatchSourceSignal] {
    let received = LockedCounter()
    return [SIGTERM, SIGINT].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            if received.increment() == 1 { daemon.shutdown() } else { daemon.stopNow() }
        }
        source.resume()
        return source
    }
}

/// A count shared by signal handlers.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

struct Daemon: AsyncParsableCommand, HostsSandboxes {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Poll Forgejo for jobs and run them.",
        discussion: """
            Reads config.yaml (--config) and .runner (runner.file), declares the runner, then takes up to \
            runner.capacity jobs at once. docker:// labels run in sandboxes (on the fence pool when one is the \
            default), host labels on this machine. SIGTERM or SIGINT stops taking jobs and lets running ones finish \
            (runner.shutdown_timeout); a second one cancels them; their logs and results are still reported.
            """)

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let (daemon, logger) = try await options.launch()
        let signals = onShutdownSignals(daemon)
        defer { signals.forEach { $0.cancel() } }
        if let address = try options.configuration().daemon.metricsAddress {
            let metrics = try MetricsServer(address: address) { daemon.counters }
            logger.info("metrics", metadata: ["url": "http://\(address.split(separator: ":").first ?? ""):\(metrics.port)/metrics"])
        }
        logger.info("waiting for jobs")
        await daemon.run()
        logger.info("stopped")
    }
}

struct OneJob: AsyncParsableCommand, HostsSandboxes {
    static let configuration = CommandConfiguration(
        commandName: "one-job",
        abstract: "Fetch and run a single job, then exit.",
        discussion: "Exit status: 0 the job succeeded, 1 it failed or was cancelled, 3 no job came before a signal.")

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let (daemon, _) = try await options.launch()
        let signals = onShutdownSignals(daemon)
        defer { signals.forEach { $0.cancel() } }
        guard let result = await daemon.runOne() else { throw ExitCode(3) }
        if result.outcome != .success { throw ExitCode(1) }
    }
}
