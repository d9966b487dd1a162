import Executors
import Foundation

/// The sandboxes a runner hands jobs to, made when first needed and shared by its jobs: one LocalSandbox (with the
/// image store), one FenceClient per fence host, one HostSandbox.
public final class SandboxProviders: Sendable {
    public struct Settings: Sendable {
        /// Local sandboxes' folders (sandboxes, runtime state, image layers) live below it.
        public var stateDirectory: String
        /// Unpacked image layers; several runners (or test runs) on one machine may share one.
        public var layerDirectory: String
        public var registries: RegistrySettings
        public var pools: [String: FencePool]
        public var defaultPool: String?
        public var network: NetworkMode
        public var limits: ResourceLimits

        public init(stateDirectory: String, layerDirectory: String? = nil, registries: RegistrySettings = RegistrySettings(),
                    pools: [String: FencePool] = [:], defaultPool: String? = nil, network: NetworkMode = .egress,
                    limits: ResourceLimits = ResourceLimits()) {
            self.stateDirectory = stateDirectory
            self.layerDirectory = layerDirectory ?? stateDirectory + "/layers"
            self.registries = registries
            self.pools = pools
            self.defaultPool = defaultPool
            self.network = network
            self.limits = limits
        }
    }

    public let settings: Settings
    private let software: String
    private let made = LockedValue(Made())

    private struct Made {
        var local: LocalSandbox?
        var host: HostSandbox?
        var fence: [String: FenceClient] = [:]
        /// Round-robin position per pool.
        var nextHost: [String: Int] = [:]
    }

    public init(settings: Settings, software: String) {
        self.settings = settings
        self.software = software
    }

    /// Where a job with `label` runs.
    public func placement(for label: RunnerLabel) throws -> JobPlacement {
        switch try SandboxPlacement.resolve(label, pools: settings.pools, defaultPool: settings.defaultPool) {
        case .local(let image):
            return JobPlacement(sandbox: try local(), image: image, network: settings.network, limits: settings.limits)
        case .fence(let pool, let image):
            let (client, address) = try fence(pool)
            return JobPlacement(sandbox: client, image: image, network: settings.network, limits: settings.limits,
                                location: "on fence host \(address) (pool \(pool))")
        case .host:
            return JobPlacement(sandbox: try host(), image: .native, isHost: true, network: settings.network, limits: settings.limits,
                                location: "on this machine itself, without isolation")
        }
    }

    private func local() throws -> LocalSandbox {
        if let existing = made.withLock({ $0.local }) { return existing }
        let root = settings.stateDirectory
        let store = ImageStore(layers: try LayerStore(root: settings.layerDirectory), settings: settings.registries)
        let sandbox = try LocalSandbox(images: store, configuration: .init(stateDirectory: root + "/sandboxes",
                                                                           runtimeStateDirectory: root + "/runtime"))
        return made.withLock { made in
            if let existing = made.local { return existing }
            made.local = sandbox
            return sandbox
        }
    }

    private func host() throws -> HostSandbox {
        if let existing = made.withLock({ $0.host }) { return existing }
        let sandbox = try HostSandbox(root: settings.stateDirectory + "/host")
        return made.withLock { made in
            if let existing = made.host { return existing }
            made.host = sandbox
            return sandbox
        }
    }

    /// A client of the pool's next host (round robin); each host keeps one connection.
    private func fence(_ pool: String) throws -> (FenceClient, String) {
        guard let configuration = settings.pools[pool], !configuration.hosts.isEmpty else {
            throw ConfigError("fence pool \"\(pool)\" lists no hosts")
        }
        guard let identity = configuration.identityFile, let knownHosts = configuration.knownHostsFile else {
            throw ConfigError("fence pool \"\(pool)\" needs key and known_hosts: the runner logs in with that key "
                + "and trusts only the pinned host keys")
        }
        let address = made.withLock { made -> String in
            let index = made.nextHost[pool, default: 0]
            made.nextHost[pool] = (index + 1) % configuration.hosts.count
            return configuration.hosts[index]
        }
        if let existing = made.withLock({ $0.fence[address] }) { return (existing, address) }
        let target: FenceTarget
        do {
            target = try FenceTarget(parsing: address)
        } catch {
            throw ConfigError("fence pool \"\(pool)\": \(error)")
        }
        let client = FenceClient(target: target, identityFile: identity, knownHostsFile: knownHosts, software: software)
        return made.withLock { made in
            if let existing = made.fence[address] { return (existing, address) }
            made.fence[address] = client
            return (client, address)
        }
    }
}
