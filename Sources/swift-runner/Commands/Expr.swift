import ArgumentParser
import Foundation
import WorkflowParser

struct Expr: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a ${{ }} expression and print its value as JSON.",
        discussion: """
            The expression may use the contexts in the --context file (a JSON object whose keys are context \
            names) and the usual context names (github, env, vars, secrets, inputs, matrix, strategy, needs, \
            steps, job, runner, forgejo, forge), which are null unless the file sets them. hashFiles() searches \
            the current directory. Exit status: 0 with the value on stdout, 1 when the expression is invalid or \
            fails, 2 when the context file cannot be used.
            """
    )

    /// Context names an expression may always use, as in a workflow.
    static let usualContextNames: Set<String> = [
        "github", "env", "vars", "secrets", "inputs", "matrix", "strategy", "needs", "steps", "job", "runner",
        "forgejo", "forge",
    ]

    @Argument(help: "The expression, without ${{ }}.") var expression: String

    @Option(name: .customLong("context"), help: ArgumentHelp("A JSON object of contexts by name.", valueName: "file"))
    var contextFile: String?

    func run() throws {
        var standardError = StandardError()
        let contexts: ExpressionObject
        do throws(ContextFileError) {
            contexts = try loadContexts()
        } catch {
            print("error: --context \(contextFile ?? ""): \(error.reason)", to: &standardError)
            throw ExitCode(2)
        }
        do throws(ExpressionError) {
            let allowed = Self.usualContextNames.union(contexts.entries.map(\.key))
            let parsed = try WorkflowExpression.parse(expression, allowedContexts: allowed)
            let context = EvaluationContext(
                contexts: contexts, fileSystem: LocalFileSystem(root: FileManager.default.currentDirectoryPath))
            print(try parsed.evaluate(in: context).jsonText)
        } catch {
            print("error: \(error.kind.rawValue): \(error.message)", to: &standardError)
            throw ExitCode(1)
        }
    }

    private func loadContexts() throws(ContextFileError) -> ExpressionObject {
        guard let contextFile else { return ExpressionObject([]) }
        let text: String
        do {
            text = try String(contentsOfFile: contextFile, encoding: .utf8)
        } catch {
            throw ContextFileError(reason: "cannot read it as UTF-8 text (\(error.localizedDescription))")
        }
        let value: ExpressionValue
        do throws(JSONSyntaxError) {
            value = try ExpressionValue(parsingJSON: text)
        } catch {
            throw ContextFileError(reason: "not valid JSON: \(error)")
        }
        guard case .object(let contexts) = value else {
            throw ContextFileError(reason: "expected a JSON object of contexts by name, found \(value.kindName)")
        }
        return contexts
    }
}

/// Why the `--context` file cannot be used.
private struct ContextFileError: Error {
    var reason: String
}
