import ArgumentParser
import Executors
import Foundation
import RunnerCore
import WorkflowParser

struct Exec: AsyncParsableCommand, HostsSandboxes {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run workflows of a local repository, as the runner would.",
        discussion: """
            Runs the jobs of the workflows EVENT triggers (default push) from .forgejo/workflows (else \
            .github/workflows), in needs order, independent jobs at once. Each job runs in a fresh sandbox with \
            a copy of the working directory as its workspace. A runs-on label runs on the image --label maps it \
            to; other labels run on `native` (the host's files, read-only, in a user-namespaced sandbox; needs \
            root and crun), or on the host itself with --host. actions/checkout of the repository itself is \
            skipped: the working copy already is the workspace. Exit status: 0 every job succeeded, 1 a job \
            failed, 2 bad usage.
            """
    )

    @Argument(help: "The event that triggers the workflows.") var event = "push"
    @Option(name: [.customShort("W"), .long], help: ArgumentHelp("A workflow file or folder.", valueName: "PATH")) var workflows: String?
    @Option(name: [.customShort("j"), .long], help: "Run only this job (and the jobs it needs).") var job: [String] = []
    @Option(name: [.customShort("e"), .customLong("event-file")], help: ArgumentHelp("The event's payload (JSON).", valueName: "FILE"))
    var eventFile: String?
    @Option(name: [.customShort("s"), .customLong("secret")], help: ArgumentHelp("A secret (K=V, or K to take $K).", valueName: "K=V"))
    var secrets: [String] = []
    @Option(help: ArgumentHelp("A file of secrets: K=V lines, .env quoting (act's .secrets).", valueName: "FILE")) var secretFile: [String] = []
    @Option(name: .customLong("var"), help: ArgumentHelp("A configuration variable (vars.K).", valueName: "K=V")) var vars: [String] = []
    @Option(name: .customLong("env"), help: ArgumentHelp("A variable for every step.", valueName: "K=V")) var environment: [String] = []
    @Option(name: .customLong("env-file"), help: ArgumentHelp("A file of variables for every step (.env format).", valueName: "FILE"))
    var environmentFiles: [String] = []
    @Option(name: .customLong("input"), help: ArgumentHelp("An input (workflow_dispatch, workflow_call).", valueName: "K=V"))
    var inputs: [String] = []
    @Option(name: .customLong("label"), help: ArgumentHelp("Where runs-on NAME runs: docker://IMAGE, fence://IMAGE@POOL, host or native.", valueName: "NAME=SPEC"))
    var labels: [String] = []
    @Flag(help: "Run jobs whose label is not mapped on this machine itself, without isolation.") var host = false
    @Flag(name: [.customShort("l"), .long], help: "List the jobs and exit.") var list = false
    @Flag(name: [.customShort("n"), .customLong("dry-run")], help: "Show the plan and exit.") var dryRun = false
    @Flag(help: "With --dry-run or --list: JSON.") var json = false
    @Option(help: ArgumentHelp("The Forgejo release to judge workflows by: 11 or 15.", valueName: "VERSION")) var forgejoVersion = "11"
    @Option(help: ArgumentHelp("config.yaml, for registries and fence pools.", valueName: "FILE")) var config: String?
    @Option(help: "Jobs running at once.") var capacity = 2
    @Option(help: "Where actions without a host come from.") var defaultActionsURL = "https://code.forgejo.org"
    @Option(help: "The Forgejo instance the run pretends to come from (github.server_url).") var forgejoInstance = "https://code.forgejo.org"
    @Option(help: ArgumentHelp("Local sandboxes, images and actions are kept here.", valueName: "DIR"))
    var stateDirectory = "/var/lib/swift-runner"
    @Flag(help: "Run actions/checkout of this repository too (it is skipped by default).") var noSkipCheckout = false
    @Option(name: .customLong("matrix"), help: ArgumentHelp("Run only matrix combinations with this value of KEY (repeatable).", valueName: "KEY:VALUE"))
    var matrixFilter: [String] = []
    @Option(name: .customLong("repo"), help: ArgumentHelp("A working copy for calls of another repository's workflows.", valueName: "OWNER/REPO=DIR"))
    var repositories: [String] = []

    func validate() throws {
        guard ForgejoProfile.named(forgejoVersion) != nil else {
            throw ValidationError("--forgejo-version \(forgejoVersion) is not supported; use 11 or 15.")
        }
        guard capacity > 0 else { throw ValidationError("--capacity must be at least 1.") }
        if json, !dryRun, !list { throw ValidationError("--json goes with --dry-run or --list.") }
    }

    /// The first SIGINT or SIGTERM cancels the run (its clean-up still happens); a second one ends exec at once.
    private static func onInterrupt(_ cancel: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
        let received = LockedValue(0)
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = received.withLock { count -> Int in
                    count += 1
                    return count
                }
                if count == 1 { cancel(number) } else { Glibc.exit(128 + number) }
            }
            source.resume()
            return source
        }
    }

    func run() async throws {
        let options = try ExecOptions(command: self)
        let exec = LocalExec(options: options)
        let interruptions = Self.onInterrupt { signal in
            exec.cancel(reason: "Cancelled: exec was interrupted (signal \(signal)); running always() steps and cleaning up")
        }
        defer { interruptions.forEach { $0.cancel() } }
        do {
            if list {
                print(try exec.listing(json: json), terminator: "")
                return
            }
            if dryRun {
                do {
                    print(try exec.plan(json: json), terminator: "")
                } catch let error as ExecPlanError {
                    print(error.plan, terminator: "")
                    throw error
                }
                return
            }
            let succeeded = try await exec.run()
            if !succeeded { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        }
    }
}
