import ArgumentParser
import Executors
import Foundation
import RunnerCore

struct FenceCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a fence host is ready to run sandboxes.",
        discussion: """
            Connects once, as the runner would, and prints one line per check: ssh reaches the host and logs in \
            with the key, the forced command answers the fence handshake, a sandbox runtime is present, the \
            cgroup mode, user namespaces, free disk. Exit status: 0 when every check passes, 1 otherwise, 2 for \
            usage errors.
            """
    )

    @Argument(help: ArgumentHelp("The fence host.", valueName: "ssh://user@host:port"))
    var target: String

    @Option(help: ArgumentHelp("The private key to log in with (default: ~/.ssh/id_ed25519).", valueName: "file"))
    var key: String?

    @Option(name: .customLong("known-hosts"),
            help: ArgumentHelp("The known_hosts file that pins the fence host's key (default: ~/.ssh/known_hosts).",
                               valueName: "file"))
    var knownHosts: String?

    @Option(name: .customLong("min-free-disk"), help: ArgumentHelp("Less free disk than this fails.", valueName: "GiB"))
    var minimumFreeDisk: Double = 2

    func validate() throws {
        do throws(FenceTargetError) {
            _ = try FenceTarget(parsing: target)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let connector = SSHConnector(target: try FenceTarget(parsing: target),
                                     identityFile: key ?? home + "/.ssh/id_ed25519",
                                     knownHostsFile: knownHosts ?? home + "/.ssh/known_hosts")
        let results = await FenceCheck.run(connector, software: "swift-runner \(VersionInfo.version)",
                                           minimumFreeDiskBytes: Int64(minimumFreeDisk * Double(1 << 30)))
        let width = results.map(\.name.count).max() ?? 0
        for result in results {
            let name = result.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(result.passed ? "ok  " : "FAIL")  \(name)  \(result.detail)")
        }
        if !results.allSatisfy(\.passed) { throw ExitCode(1) }
    }
}
