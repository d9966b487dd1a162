import ArgumentParser
import Foundation
import RunnerCore

struct CreateRunnerFile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-runner-file",
        abstract: "Write the runner file for a runner registered on the Forgejo server (offline registration).",
        discussion: """
            An admin registers the runner on the server with `forgejo-cli actions register --secret S ...`; this \
            writes runner.file (.runner by default) from the same 40-hexadecimal-digit secret, without asking \
            the instance. The runner's labels come from the config's runner.labels.
            """)

    @Option(help: ArgumentHelp("The Forgejo instance, e.g. https://forge.example.", valueName: "URL")) var instance: String
    @Option(help: ArgumentHelp("The secret given to forgejo-cli actions register.", valueName: "SECRET")) var secret: String
    @Option(help: ArgumentHelp("The runner's name (default: this machine's host name).", valueName: "NAME")) var name: String?
    @OptionGroup var configFile: ConfigFileOption

    func run() throws {
        let config = try configFile.load()
        let forgejo: ForgejoInstance
        do {
            forgejo = try ForgejoInstance(instance)
        } catch {
            throw ValidationError("\(error)")
        }
        do throws(RunnerFileError) {
            let file = try OfflineRegistration.runnerFile(secret: secret, instance: forgejo,
                                                          name: name ?? ProcessInfo.processInfo.hostName, labels: config.labels)
            try file.write(to: config.daemon.runnerFile)
            print("Wrote \(config.daemon.runnerFile) for \(file).")
        } catch {
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        }
    }
}
