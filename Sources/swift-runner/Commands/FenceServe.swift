import ArgumentParser
import Executors
import Foundation
import Logging
import RunnerCore

struct FenceServe: AsyncParsableCommand, HostsSandboxes {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sandboxes to one runner over standard input and output.",
        discussion: """
            The forced command of the runner's key in the fence host's authorized_keys: \
            command="swift-runner fence serve --stdio",restrict ssh-ed25519 AAAA... When the connection ends, \
            every sandbox it created is destroyed. Logs go to standard error. Exit status: 0 when the runner \
            closed the connection, 1 when it broke the protocol or speaks another major version.
            """
    )

    @Flag(help: "Speak the fence protocol on standard input and output (the only transport).")
    var stdio = false

    @Option(help: ArgumentHelp("""
        Where sandboxes run. oci: user-namespaced OCI sandboxes (crun) from registry images; host: on the fence \
        host itself, without isolation (only for a fence host that exists to run trusted jobs).
        """, valueName: "runtime"))
    var runtime: FenceRuntime = .oci

    @Option(help: ArgumentHelp("""
        The folder that holds sandboxes and image layers (default: /var/lib/swift-runner for oci, \
        swift-runner-host in the temporary folder for host).
        """, valueName: "folder"))
    var root: String?

    @Flag(help: ArgumentHelp("""
        Let runners use the `native` image (this host's root filesystem, read-only). Off by default: it shows \
        the fence host's files to every job.
        """))
    var allowNative = false

    @Option(name: .customLong("insecure-registry"),
            help: ArgumentHelp("A registry reached over plain HTTP (host:port); repeatable.", valueName: "registry"))
    var insecureRegistries: [String] = []

    func validate() throws {
        if !stdio {
            throw ValidationError("fence serve needs --stdio: standard input and output are its only transport, "
                + "as the forced command of an authorized_keys line")
        }
    }

    func run() async throws {
        var standardError = StandardError()
        let transport = FenceTransport.claimStandardIO(peerName: "the runner on standard input")
        var logger = Logger(label: "swift-runner.fence") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        do throws(SandboxError) {
            let sandbox = try runtime.sandbox(root: root, allowNative: allowNative,
                                              insecureRegistries: insecureRegistries)
            let agent = FenceAgent(serving: sandbox, software: "swift-runner \(VersionInfo.version)", logger: logger)
            try await agent.serve(transport)
        } catch {
            print("error: fence serve: \(error.message)", to: &standardError)
            throw ExitCode(1)
        }
    }
}

/// The sandbox implementation a fence host serves.
enum FenceRuntime: String, ExpressibleByArgument, CaseIterable {
    case oci
    case host

    func sandbox(root: String?, allowNative: Bool, insecureRegistries: [String]) throws(SandboxError) -> any Sandbox {
        switch self {
        case .host:
            return try HostSandbox(root: root ?? NSTemporaryDirectory() + "swift-runner-host")
        case .oci:
            // With no --root, the defaults: layers and sandboxes on disk, the runtime's state in /run.
            let defaults = LocalSandbox.Configuration()
            let state = root ?? "/var/lib/swift-runner"
            let images: LayerStore
            do {
                images = try LayerStore(root: state + "/images")
            } catch {
                throw error.sandboxError
            }
            let settings = RegistrySettings(insecureRegistries: Set(insecureRegistries))
            return try LocalSandbox(
                images: ImageStore(layers: images, settings: settings),
                configuration: .init(stateDirectory: state + "/sandboxes",
                                     runtimeStateDirectory: root.map { $0 + "/runtime" } ?? defaults.runtimeStateDirectory,
                                     allowNative: allowNative))
        }
    }
}
