import ArgumentParser
import Foundation
import RunnerCore
import WorkflowParser

struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check workflows without running them.",
        discussion: """
            With no path, lints the workflows of the repository you are in (.forgejo/workflows, or \
            .github/workflows when that is absent). Local reusable workflows and actions are read from the \
            repository so calls can be checked. Exit status: 0 no errors (warnings and notes are advice), \
            1 errors found, 2 bad usage, 3 a fatal error.
            """
    )

    @Argument(help: "Workflow files or folders; - reads standard input.") var paths: [String] = []

    @Option(help: "The file name to report for standard input (it also places the file in its repository).")
    var stdinFilename = "<stdin>"

    @OptionGroup(title: "Runner") var runner: RunnerTargetOptions

    @Option(name: .customLong("ignore"), help: ArgumentHelp("Hide findings whose message or rule matches REGEX.",
                                                             valueName: "REGEX"))
    var ignorePatterns: [String] = []

    @OptionGroup(title: "Output") var output: DiagnosticOutputOptions

    @Flag(help: "List the rules and exit.") var listRules = false

    func validate() throws {
        if paths.contains("-"), paths.count > 1 { throw ValidationError("- (standard input) cannot be combined with paths.") }
    }

    func run() async throws {
        if listRules {
            for rule in Linter.allRules { print("\(type(of: rule).id.rawValue): \(type(of: rule).summary)") }
            return
        }
        let target = try runner.resolve()
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let input: LintRun.Input = paths == ["-"]
            ? .standardInput(name: stdinFilename, bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
            : .paths(paths)
        let run = LintRun(profile: target.profile, runnerLabels: target.labels, ignore: ignorePatterns)
        let report: LintRun.Report
        do {
            report = try await run.run(input, workingDirectory: workingDirectory)
        } catch {
            var standardError = StandardError()
            print("error: \(error)", to: &standardError)
            throw ExitCode(3)
        }
        print(output.render(report.diagnostics, sources: report.sources), terminator: "")
        if report.hasProblems { throw ExitCode(1) }
    }
}
