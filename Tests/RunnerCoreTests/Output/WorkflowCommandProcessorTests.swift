import Testing
import RunnerCore

@Suite struct WorkflowCommandProcessorTests {
    private func processor(debug: Bool = false, unsecure: Bool = false) -> WorkflowCommandProcessor {
        WorkflowCommandProcessor(debugEnabled: debug, allowUnsecureCommands: unsecure)
    }

    /// The message of the single error annotation in `effects`, nil when that is not what they are.
    private func errorMessage(_ effects: [CommandEffect]) -> String? {
        guard effects.count == 1, case .annotation(let annotation) = effects[0], annotation.level == .error else {
            return nil
        }
        return annotation.message
    }

    @Test func ordinaryLinesAndUnknownCommandsArePrinted() {
        var commands = processor()
        for line in ["hello world", "::add-matcher::.github/matcher.json", "::made-up x=1::y", "::"] {
            #expect(commands.process(line) == [.print(line)])
        }
    }

    @Test func setOutputAndSaveStateWorkAndWarnEveryTime() {
        var commands = processor()
        for _ in 0..<2 {
            let effects = commands.process("::set-output name=version::1.2%0A3")
            #expect(effects.count == 2)
            #expect(effects.last == .setOutput(name: "version", value: "1.2\n3"))
            guard case .warningAbout(let warning) = effects.first else {
                Issue.record("no deprecation warning: \(effects)")
                continue
            }
            #expect(warning.contains("`set-output` is deprecated"))
            #expect(warning.contains("$GITHUB_OUTPUT"))
        }
        let state = commands.process("::save-state name=pid::42")
        #expect(state.last == .saveState(name: "pid", value: "42"))
        guard case .warningAbout(let warning) = state.first else {
            Issue.record("no deprecation warning: \(state)")
            return
        }
        #expect(warning.contains("`save-state` is deprecated") && warning.contains("$GITHUB_STATE"))
    }

    @Test func setOutputWithoutANameIsAnError() {
        var commands = processor()
        let effects = commands.process("::set-output::value")
        #expect(errorMessage(Array(effects.dropFirst()))
                == "set-output needs a name: write `::set-output name=NAME::value`")
    }

    @Test func setEnvAndAddPathAreRefusedByDefault() throws {
        var commands = processor()
        let env = try #require(errorMessage(commands.process("::set-env name=PATH::/evil")))
        #expect(env.contains("`set-env` is disabled"))
        #expect(env.contains("ACTIONS_ALLOW_UNSECURE_COMMANDS=true"))
        #expect(env.contains("$GITHUB_ENV"))
        let path = try #require(errorMessage(commands.process("::add-path::/evil/bin")))
        #expect(path.contains("`add-path` is disabled"))
        #expect(path.contains("ACTIONS_ALLOW_UNSECURE_COMMANDS=true"))
        #expect(path.contains("$GITHUB_PATH"))
    }

    @Test func setEnvAndAddPathWorkWhenAllowed() {
        var commands = processor(unsecure: true)
        #expect(commands.process("::set-env name=MODE::fast") == [.setEnv(name: "MODE", value: "fast")])
        #expect(commands.process("::add-path::/opt/tool/bin") == [.addPath("/opt/tool/bin")])
        #expect(errorMessage(commands.process("::add-path::"))
                == "add-path needs a directory: write `::add-path::/path/to/dir`")
        #expect(errorMessage(commands.process("::set-env::x"))
                == "set-env needs a name: write `::set-env name=NAME::value`")
    }

    @Test func debugLinesShowOnlyInDebugMode() {
        var quiet = processor()
        #expect(quiet.process("::debug::details") == [])
        var verbose = processor(debug: true)
        #expect(verbose.process("::debug::details%0Amore") == [.debug("details\nmore")])
    }

    @Test func addMaskRegistersNonEmptyValues() {
        var commands = processor()
        #expect(commands.process("::add-mask::p4ss") == [.addMask("p4ss")])
        #expect(commands.process("::add-mask::") == [])
    }

    @Test func echoPrintsProcessedCommands() {
        var commands = processor()
        #expect(commands.process("::group::Build") == [.group("Build")])
        #expect(commands.process("::echo::on") == [])
        #expect(commands.process("::endgroup::") == [.print("::endgroup::"), .endGroup])
        #expect(commands.process("::add-mask::p4ss") == [.print("::add-mask::***"), .addMask("p4ss")])
        #expect(commands.process("::warning::w") == [.annotation(Annotation(level: .warning, message: "w"))])
        #expect(commands.process("::echo::OFF") == [.print("::echo::OFF")])
        #expect(commands.process("::group::Test") == [.group("Test")])
        #expect(errorMessage(commands.process("::echo::loud")) == "echo takes `on` or `off`, not 'loud'")
    }

    @Test func debugModeStartsWithEchoOn() {
        var commands = processor(debug: true)
        #expect(commands.process("::group::Build") == [.print("::group::Build"), .group("Build")])
    }

    @Test func stopCommandsRoundTrip() {
        var commands = processor()
        let stopped = ["::stop-commands::pause-7f3a", "::set-output name=a::b", "::add-mask::visible",
                       "::error::not an annotation"]
        for line in stopped {
            #expect(commands.process(line) == [.print(line)])
        }
        #expect(commands.process("::PAUSE-7F3A::") == [.print("::PAUSE-7F3A::")])
        #expect(commands.process("::add-mask::hidden") == [.addMask("hidden")])
    }

    @Test(arguments: ["::stop-commands::", "::stop-commands::set-output", "::stop-commands::Pause-Logging"])
    func badStopTokensAreRefusedAndCommandsGoOn(line: String) throws {
        var commands = processor()
        let effects = commands.process(line)
        #expect(effects.first == .print(line))
        let message = try #require(errorMessage(Array(effects.dropFirst())))
        #expect(message.hasPrefix("stop-commands needs a token that is not empty and not a command name"))
        #expect(commands.process("::add-mask::still-works") == [.addMask("still-works")])
    }

    @Test func annotationsCarryTheirPosition() {
        var commands = processor()
        #expect(commands.process("::error file=src/a.c,line=3,col=5,endColumn=9,title=Bad%2C really::Oops")
                == [.annotation(Annotation(level: .error, message: "Oops", file: "src/a.c", line: 3, column: 5,
                                           endColumn: 9, title: "Bad, really"))])
        #expect(commands.process("::notice::FYI") == [.annotation(Annotation(level: .notice, message: "FYI"))])
    }

    @Test func annotationPositionsAreRepairedAsActionsRunnerDoes() {
        var commands = processor()
        let annotation = { (properties: String) -> Annotation? in
            guard case .annotation(let annotation)? = commands.process("::warning \(properties)::m").first else {
                return nil
            }
            return annotation
        }
        // A lone end stands for the start.
        #expect(annotation("endLine=7,endColumn=2").map { [$0.line, $0.endLine, $0.column, $0.endColumn] }
                == [7, 7, 2, 2])
        // Columns need a line, and a single-line span.
        #expect(annotation("col=4").map { [$0.line, $0.column] } == [nil, nil])
        #expect(annotation("line=1,endLine=3,col=4").map { [$0.line, $0.endLine, $0.column] } == [1, 3, nil])
        // An end before its start drops the pair; numbers that do not parse count as absent.
        #expect(annotation("line=9,endLine=3").map { [$0.line, $0.endLine] } == [nil, nil])
        #expect(annotation("line=2,col=8,endColumn=1").map { [$0.line, $0.column, $0.endColumn] } == [2, nil, nil])
        #expect(annotation("line=x").map { [$0.line] } == [nil])
    }
}
