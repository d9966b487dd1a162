import ArgumentParser

struct Expr: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a ${{ }} expression and print its value as JSON."
    )

    @Argument(help: "The expression, without ${{ }}.") var expression: String

    func run() throws { try Unfinished.refuse("expr") }
}
