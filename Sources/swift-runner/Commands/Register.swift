import ArgumentParser
import Foundation
import RunnerCore

struct Register: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register this runner with a Forgejo instance.",
        discussion: """
            On a terminal it asks for the instance URL, a registration token, the runner's name and labels; \
            answers given as options are not asked again. --no-interactive takes everything from the options. \
            It waits for the instance to answer (about a minute, for one still starting), registers, and writes \
            the runner's credentials to runner.file (.runner by default) in forgejo-runner's format, readable only \
            by you. A refused token writes nothing; an existing runner file is never replaced.
            """)

    @Flag(help: "Ask nothing: take every answer from the options.") var noInteractive = false
    @Option(help: ArgumentHelp("The Forgejo instance, e.g. https://forge.example.", valueName: "URL")) var instance: String?
    @Option(help: ArgumentHelp("A registration token from Forgejo's runner settings.", valueName: "TOKEN")) var token: String?
    @Option(help: ArgumentHelp("The runner's name (default: this machine's host name).", valueName: "NAME")) var name: String?
    @Option(help: ArgumentHelp("Labels, comma-separated NAME:SCHEMA (default: the config's runner.labels, else "
                               + "\(ConfigTemplate.defaultLabel)).", valueName: "LABELS"))
    var labels: String?
    @OptionGroup var configFile: ConfigFileOption

    func run() async throws {
        let config = try configFile.load()
        let defaultLabels = (config.labels.isEmpty ? [ConfigTemplate.defaultLabel] : config.labels).joined(separator: ",")
        let defaultName = ProcessInfo.processInfo.hostName
        let registration: RunnerRegistration
        if !noInteractive && isatty(0) == 1 {
            let prompt = TerminalPrompt()
            registration = RunnerRegistration(
                instance: try instance.map(Self.instance) ?? prompt.ask("Forgejo instance URL", accept: Self.instance),
                registrationToken: try token ?? prompt.ask("Registration token", secret: true, accept: Self.nonEmpty),
                name: try name ?? prompt.ask("Runner name", default: defaultName, accept: Self.nonEmpty),
                labels: try labels.map(Self.labels) ?? prompt.ask("Labels", default: defaultLabels, accept: Self.labels),
                file: config.daemon.runnerFile)
        } else {
            guard let instance, let token else {
                throw ValidationError("give --instance and --token (--no-interactive, or standard input is not a terminal)")
            }
            registration = RunnerRegistration(
                instance: try Self.instance(instance), registrationToken: token, name: name ?? defaultName,
                labels: try Self.labels(labels ?? defaultLabels), file: config.daemon.runnerFile)
        }
        do {
            let registered = try await registration.run { error, delay in
                var standardError = StandardError()
                print("waiting for \(registration.instance): \(error); trying again in \(delay)", to: &standardError)
            }
            print("Registered \(registered); wrote \(registration.file).")
        } catch {
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        }
    }

    private static func instance(_ text: String) throws -> ForgejoInstance {
        do {
            return try ForgejoInstance(text)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Any non-empty answer (the token, the name).
    private static func nonEmpty(_ text: String) throws -> String {
        guard !text.isEmpty else { throw ValidationError("an answer is needed") }
        return text
    }

    private static func labels(_ text: String) throws -> [RunnerLabel] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ValidationError("give at least one label, e.g. \(ConfigTemplate.defaultLabel)") }
        do {
            return try items.map { item throws(ConfigError) in try RunnerLabel(parsing: item) }
        } catch {
            throw ValidationError("labels: \(error)")
        }
    }
}
