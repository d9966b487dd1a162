import Executors
import Foundation
import Logging

/// `daemon` and `one-job` from config.yaml and `.runner`: reads both, declares the runner, and builds the
/// `RunnerDaemon` with its sandboxes and the Forgejo client.
public struct DaemonLaunch: Sendable {
    public let config: RunnerConfig
    public let runnerFile: RunnerFile
    public let labels: [RunnerLabel]
    public let stateDirectory: String

    /// `configPath` nil uses the defaults; `.runner` comes from `runner.file` (relative to the working directory).
    public init(configPath: String?, stateDirectory: String) throws {
        let config = try configPath.map { try RunnerConfig.load(from: URL(fileURLWithPath: $0)) } ?? RunnerConfig()
        let runnerFile = try RunnerFile.read(from: config.daemon.runnerFile)
        // Labels in config.yaml override those in .runner, as with forgejo-runner.
        let texts = config.labels.isEmpty ? runnerFile.labels : config.labels
        var labels: [RunnerLabel] = []
        for text in texts { labels.append(try RunnerLabel(parsing: text)) }
        guard labels.contains(where: { $0.schema != nil }) else {
            throw ConfigError("no runner label says where jobs run (e.g. docker:docker://debian:bookworm); set runner.labels "
                + "in config.yaml or register with full labels")
        }
        self.config = config
        self.runnerFile = runnerFile
        self.labels = labels
        self.stateDirectory = stateDirectory
    }

    public var client: ConnectClient {
        get throws {
            ConnectClient(instance: try ForgejoInstance(runnerFile.address), credentials: runnerFile.credentials,
                          insecure: config.daemon.insecure)
        }
    }

    /// Tells the instance this runner's version and label names. An instance older than Declare answers
    /// `unimplemented` (fine); one that does not know the runner is an error saying to register again.
    public func declare(logger: Logger) async throws {
        var request = Runner_V1_DeclareRequest()
        request.version = VersionInfo.version
        request.labels = labels.map(\.name)
        do {
            _ = try await client.declare(request)
            logger.info("declared", metadata: ["runner": "\(runnerFile.name)", "labels": "\(request.labels.joined(separator: ","))"])
        } catch let error as ForgejoError where error.code == .unimplemented {
            logger.info("the instance predates Declare; going on", metadata: ["instance": "\(runnerFile.address)"])
        } catch let error as ForgejoError where error.code == .unauthenticated {
            throw ConfigError("\(runnerFile.address) does not know this runner (\(error.message)): it was deleted there, "
                + "or .runner belongs to another instance; register again")
        }
    }

    public func daemon(logger: Logger) throws -> RunnerDaemon {
        let service = ForgejoTaskService(client: try client, fetchTimeout: config.daemon.fetchTimeout)
        let providers = SandboxProviders(settings: .init(stateDirectory: stateDirectory, registries: try config.registrySettings(),
                                                         pools: config.fencePools, defaultPool: config.defaultFencePool),
                                         software: "swift-runner \(VersionInfo.version)")
        return RunnerDaemon(source: service, reporting: service, labels: labels, providers: providers, settings: config.daemon,
                            stateDirectory: stateDirectory, runnerName: runnerFile.name, logger: logger)
    }
}
