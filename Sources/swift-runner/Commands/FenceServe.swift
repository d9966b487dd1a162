import ArgumentParser
import Executors
import Foundation
import Logging
import RunnerCore

struct FenceServe: AsyncParsableCommand {
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
        Where sandboxes run. host: on the fence host itself, without isolation (the only runtime in this version; \
        the default becomes the local OCI sandbox once it is available).
        """, valueName: "runtime"))
    var runtime: FenceRuntime = .host

    @Option(help: ArgumentHelp("The folder that holds host sandboxes (default: swift-runner-host in the temporary "
                               + "folder).", valueName: "folder"))
    var root: String?

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
            let sandbox = try runtime.sandbox(root: root ?? NSTemporaryDirectory() + "swift-runner-host")
            let agent = FenceAgent(serving: sandbox, software: "swift-runner \(VersionInfo.version)", logger: logger)
            try await agent.serve(transport)
        } catch {
            print("error: fence serve: \(error.message)", to: &standardError)
            throw ExitCode(1)
        }
    }
}

/// The sandbox implementation a fence host serves. The seam where the local OCI sandbox plugs in.
enum FenceRuntime: String, ExpressibleByArgument, CaseIterable {
    case host

    func sandbox(root: String) throws(SandboxError) -> any Sandbox {
        switch self {
        case .host: return try HostSandbox(root: root)
        }
    }
}
