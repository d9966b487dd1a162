import Foundation

extension LocalSandbox {
    /// Prepares the folders, mounts the overlay, writes `config.json` and the `/etc` files, starts the idle
    /// process and, for `egress`, its network. Whatever fails, nothing it made stays behind.
    func start(_ id: SandboxID, spec: SandboxSpec, image: PreparedImage, joining: SandboxTable.Record?) throws(SandboxError)
        -> SandboxTable.Record {
        let layout = SandboxLayout(stateDirectory: configuration.stateDirectory, id: id)
        let environment = Self.merge(image.environment, spec.environment)
        var started = false
        var network: UserModeNetwork?
        do throws(SandboxError) {
            try Self.makeDirectories(layout)
            try Self.write(Self.hostsFile(spec), to: layout.hosts)
            let nameserver = spec.network == .egress || joining?.network != nil ? UserModeNetwork.nameserver : "127.0.0.1"
            try Self.write("nameserver \(nameserver)\n", to: layout.resolvConf)
            try Self.handOver(spec.mounts)
            try Self.makeOwnedDirectories(spec.ownedDirectories, upper: layout.upper)
            try Overlay.mount(layers: image.layerDirectories, layout: layout)
            let config = RuntimeConfig.sandbox(spec, id: id, environment: environment, layout: layout, facts: facts,
                                               idMapBase: Self.idMapBase, joining: joining?.initPID)
            try Self.write(try config.encoded(), to: layout.config)
            let pidFile = layout.directory + "/init.pid"
            started = true
            try Self.call(runtime, ["run", "--detach", "--bundle", layout.directory, "--pid-file", pidFile, id.rawValue],
                          "start \(id)", log: layout.directory + "/runtime.log")
            guard let pid = HostFacts.readTrimmed(pidFile).flatMap({ pid_t($0) }) else {
                throw SandboxError(.runtime, "\(facts.runtime.rawValue) started \(id) but wrote no PID to \(pidFile)")
            }
            if spec.network == .egress, joining == nil { network = try UserModeNetwork.start(forNamespaceOf: pid) }
            return SandboxTable.Record(layout: layout, initPID: pid, environment: environment,
                                       workingDirectory: spec.workingDirectory != "/" ? spec.workingDirectory : image.workingDirectory ?? "/",
                                       user: image.user, network: network, entrypoint: image.entrypoint, command: image.command)
        } catch {
            let partial = SandboxTable.Record(layout: layout, initPID: 0, environment: [], workingDirectory: "/", user: nil, network: network)
            try? tearDown(id, partial, runtimeStarted: started)
            throw error
        }
    }

    /// Stops the network helper, deletes the container (killing what still runs), unmounts the overlay and
    /// removes the sandbox's folders.
    func tearDown(_ id: SandboxID, _ record: SandboxTable.Record, runtimeStarted: Bool = true) throws(SandboxError) {
        record.network?.stop()
        var failure: SandboxError?
        if runtimeStarted {
            do {
                try Self.call(runtime, ["delete", "--force", id.rawValue], "delete \(id)")
            } catch where FileManager.default.fileExists(atPath: runtime.stateRoot + "/" + id.rawValue) {
                failure = error
            } catch {
                // The runtime never got as far as keeping state for it: nothing to delete.
            }
        }
        do {
            try Overlay.unmount(record.layout.rootfs)
            try FileManager.default.removeItem(atPath: record.layout.directory)
        } catch let error as SandboxError {
            failure = failure ?? error
        } catch CocoaError.fileNoSuchFile {
            // Already gone.
        } catch {
            failure = failure ?? SandboxError(.host, "could not remove \(record.layout.directory): \(error.localizedDescription); remove it by hand")
        }
        if let failure { throw failure }
    }

    /// Makes the top folder of each read-write mount the sandbox root's (host `idMapBase`), so the job can create
    /// files in it; files already there keep their owners (host root's show up as `nobody`, readable as their mode says).
    private static func handOver(_ mounts: [Mount]) throws(SandboxError) {
        for mount in mounts where !mount.readOnly {
            guard chown(mount.hostPath, idMapBase, idMapBase) == 0 else {
                throw SandboxError(.host, "could not hand \(mount.hostPath) (mounted at \(mount.sandboxPath)) to the sandbox: "
                    + "\(String(cString: strerror(errno))); create it as a folder first")
            }
        }
    }

    /// Creates each folder in the sandbox's upper layer, owned by the sandbox's root; the folders above it are
    /// made as the overlay needs them (the lower layers' own, where they exist, keep showing through).
    private static func makeOwnedDirectories(_ directories: [String], upper: String) throws(SandboxError) {
        for directory in directories {
            let parts = directory.split(separator: "/").map(String.init)
            guard directory.hasPrefix("/"), !parts.isEmpty, !parts.contains(".."), !parts.contains(".") else {
                throw SandboxError(.refused, "owned folder \(directory) must be an absolute path without . or ..")
            }
            let path = upper + "/" + parts.joined(separator: "/")
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o755])
            } catch {
                throw SandboxError(.host, "could not create \(directory) for the sandbox: \(error.localizedDescription)")
            }
            guard chown(path, idMapBase, idMapBase) == 0 else {
                throw SandboxError(.host, "could not hand \(directory) to the sandbox: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The image's environment with the spec's on top (a name set in both takes the spec's value).
    static func merge(_ image: [String], _ overrides: [String: String]) -> [String] {
        let kept = image.filter { entry in overrides[String(entry.prefix { $0 != "=" })] == nil }
        return kept + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// Loopback names: `localhost`, the hostname and the service names of the group.
    static func hostsFile(_ spec: SandboxSpec) -> String {
        "127.0.0.1\tlocalhost \(([spec.hostname] + spec.hostAliases).joined(separator: " "))\n::1\tlocalhost ip6-localhost ip6-loopback\n"
    }

    private static func makeDirectories(_ layout: SandboxLayout) throws(SandboxError) {
        do {
            // Traversable, not listable: the runtime reaches rootfs from inside the user namespace.
            try FileManager.default.createDirectory(atPath: layout.directory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o711])
            for directory in [layout.rootfs, layout.upper, layout.work] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                        attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw SandboxError(.host, "could not create the folders of \(layout.directory): \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to path: String) throws(SandboxError) {
        try write(Data(text.utf8), to: path)
    }

    private static func write(_ data: Data, to path: String) throws(SandboxError) {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw SandboxError(.host, "could not write \(path): \(error.localizedDescription)")
        }
    }
}
