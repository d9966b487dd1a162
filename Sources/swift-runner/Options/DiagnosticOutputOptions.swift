import ArgumentParser
import Foundation
import WorkflowParser

extension DiagnosticFormat: ExpressibleByArgument {}

/// How findings are printed.
struct DiagnosticOutputOptions: ParsableArguments {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Output format.") var format: DiagnosticFormat = .text
    @Flag(help: "One line per finding, without the source excerpt (text format).") var oneline = false
    @Option(help: "Colour the text format: auto (on a terminal), always or never.") var color: ColorChoice = .auto

    func render(_ diagnostics: [Diagnostic], sources: [String: [Substring]]) -> String {
        let colored = color == .always || (color == .auto && isatty(1) == 1)
        return format.render(diagnostics, options: TextOutputOptions(oneLine: oneline, color: colored),
                             source: { sources[$0] })
    }
}
