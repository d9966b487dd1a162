import ArgumentParser
import Executors
import RunnerCore

/// The root command only lists the subcommands; each lives in its own file under Commands/.
@main
struct SwiftRunner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift-runner",
        abstract: "A Forgejo Actions runner that runs jobs in sandboxed OCI containers on a fence host.",
        discussion: """
            Jobs never touch a Docker socket: they run in user-namespaced, resource-limited sandboxes on a \
            separate fence host reached over OpenSSH. On a workstation, `exec` runs a workflow locally, \
            `lint` checks workflows before you push, and `expr` evaluates an expression.
            """,
        version: VersionInfo.text,
        subcommands: [
            Register.self, CreateRunnerFile.self, Daemon.self, OneJob.self, Exec.self, Lint.self, Expr.self, Fence.self,
            GenerateConfig.self,
        ]
    )

    /// Runs the chosen subcommand. Usage errors exit with status 2, as the commands document, rather than
    /// argument-parser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if command is HostsSandboxes { _ = HybridCgroupNamespace.enterIfHybrid() }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                var standardError = StandardError()
                print(fullMessage(for: error), to: &standardError)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// A command that starts OCI sandboxes in this process: it takes crun's view of a hybrid cgroup host once, at
/// start (see `HybridCgroupNamespace`).
protocol HostsSandboxes {}
