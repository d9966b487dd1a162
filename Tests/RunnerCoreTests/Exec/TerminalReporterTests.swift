import Executors
import Testing
@testable import RunnerCore

/// `exec`'s output: prefixed lines off a terminal, a live block on one, and the closing table.
@Suite struct TerminalReporterTests {
    private func record(live: Bool) -> (TerminalReporter, LockedValue<String>) {
        let text = LockedValue("")
        let reporter = TerminalReporter(live: live, color: false) { chunk in text.withLock { $0 += chunk } }
        let step = PlannedStep(index: 0, name: "Compile")
        reporter.jobStarted("build", steps: [step])
        reporter.stepStarted("build", step: step)
        reporter.log("build", step: 0, line: "compiling")
        reporter.annotation("build", step: 0, JobAnnotation(level: .warning, message: "careful", file: "a.c", line: 3))
        reporter.stepFinished("build", step: step, outcome: .failure, conclusion: .success)
        reporter.jobFinished("build", result: JobResult(outcome: .success, summary: "## Report\nall good\n"))
        return (reporter, text)
    }

    @Test func plainOutputPrefixesEveryLineWithItsJob() {
        let (reporter, text) = record(live: false)
        let output = text.withLock { $0 }
        #expect(output.contains("[build] > Compile\n[build]   compiling\n"))
        #expect(output.contains("(failure, continue-on-error)"))
        #expect(output.contains("[build] ✓ job succeeded in"))
        #expect(output.contains("[build] summary:\n## Report\nall good\n"))
        #expect(!output.contains("\u{1B}["), "no escape sequences off a terminal")
        reporter.note("Warning: a note of exec's own")
        #expect(text.withLock { $0 }.hasSuffix("Warning: a note of exec's own\n"))
        let table = reporter.summary()
        #expect(table.contains("JOB    RESULT     TIME") && table.contains("build  success"))
        #expect(!table.contains("unfinished"), "a note is no job")
    }

    @Test func liveOutputKeepsAnnotationsAndRedrawsTheRunningBlock() {
        let (_, text) = record(live: true)
        let output = text.withLock { $0 }
        #expect(output.contains("a.c:3: warning: careful"))
        #expect(output.contains("\u{1B}[J"), "the live block is erased before it is drawn again")
    }
}
