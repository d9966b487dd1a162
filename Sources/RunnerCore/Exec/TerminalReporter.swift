import Executors
import Foundation

/// `exec`'s reporter. On a terminal: finished steps stay on screen with their status and time, and a live block at
/// the bottom shows each running job, its step and that step's last lines. Elsewhere (a pipe, CI): plain lines,
/// each prefixed with its job. Either way a summary table closes the run.
public final class TerminalReporter: JobReporter, Sendable {
    private struct JobProgress {
        var started = ContinuousClock.now
        var step: String?
        var stepStarted = ContinuousClock.now
        var lastLines: [String] = []
        var finished: (JobOutcome, Duration)?
    }

    private struct State {
        var jobs: [(name: String, progress: JobProgress)] = []
        var drawnLines = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
    }

    private let live: Bool
    private let color: Bool
    private let write: @Sendable (String) -> Void
    private let state = LockedValue(State())

    /// `live` draws the progress block (give it `isatty(1)`); `write` receives the text (standard output by default).
    public init(live: Bool, color: Bool, write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.live = live
        self.color = color
        self.write = write
    }

    public func jobStarted(_ job: String, steps: [PlannedStep]) {
        update(job) { _ in }
        if !live { emit("[\(job)] started") }
    }

    public func stepStarted(_ job: String, step: PlannedStep) {
        update(job) { progress in
            progress.step = step.name
            progress.stepStarted = .now
            progress.lastLines = []
        }
        if !live { emit("[\(job)] > \(step.name)") }
    }

    public func log(_ job: String, step: Int?, line: String) {
        if live {
            update(job) { progress in
                progress.lastLines.append(line)
                if progress.lastLines.count > 3 { progress.lastLines.removeFirst() }
            }
        } else {
            emit("[\(job)]   \(line)")
        }
    }

    /// On a terminal the annotation stays on screen; in plain output its log line already says it.
    public func annotation(_ job: String, step: Int?, _ annotation: JobAnnotation) {
        guard live else { return }
        let place = annotation.place.map { "\($0): " } ?? ""
        let text = "\(place)\(annotation.level.rawValue): \(annotation.message)"
        emit("[\(job)] " + paint(text, annotation.level == .error ? "31" : annotation.level == .warning ? "33" : "36"))
    }

    public func stepFinished(_ job: String, step: PlannedStep, outcome: JobOutcome, conclusion: JobOutcome) {
        let elapsed = state.withLock { state in state.jobs.first { $0.name == job }.map { ContinuousClock.now - $0.progress.stepStarted } } ?? .zero
        let suffix = outcome != conclusion ? " (\(outcome.rawValue), continue-on-error)" : ""
        emit("[\(job)] \(symbol(conclusion)) \(step.name) \(Self.format(elapsed))\(suffix)")
    }

    public func jobFinished(_ job: String, result: JobResult) {
        var elapsed = Duration.zero
        update(job) { progress in
            elapsed = ContinuousClock.now - progress.started
            progress.finished = (result.outcome, elapsed)
            progress.step = nil
        }
        emit("[\(job)] \(symbol(result.outcome)) job \(Self.describe(result.outcome)) in \(Self.format(elapsed))")
        if !result.summary.isEmpty {
            emit("[\(job)] summary:\n" + result.summary.trimmingCharacters(in: .newlines))
        }
    }

    /// A line of exec's own (a warning, a workflow that cannot run), belonging to no job.
    public func note(_ line: String) {
        emit(line)
    }

    /// The table of every job's result and time, after the run.
    public func summary() -> String {
        let rows = state.withLock { state in
            state.jobs.map { job -> (String, String, String) in
                guard let (outcome, elapsed) = job.progress.finished else { return (job.name, "unfinished", "") }
                return (job.name, outcome.rawValue, Self.format(elapsed))
            }
        }
        let width = max(3, rows.map(\.0.count).max() ?? 0)
        var text = "\n" + "JOB".padding(toLength: width, withPad: " ", startingAt: 0) + "  RESULT     TIME\n"
        for (name, result, time) in rows {
            text += name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + result.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + time + "\n"
        }
        return text
    }

    private func update(_ job: String, _ change: (inout JobProgress) -> Void) {
        let block = state.withLock { state -> String? in
            if let index = state.jobs.firstIndex(where: { $0.name == job }) {
                change(&state.jobs[index].progress)
            } else {
                var progress = JobProgress()
                change(&progress)
                state.jobs.append((name: job, progress: progress))
            }
            guard live, ContinuousClock.now - state.lastDraw > .milliseconds(80) else { return nil }
            state.lastDraw = .now
            return redraw(&state, above: nil)
        }
        if let block { write(block) }
    }

    /// Prints `line` permanently; on a terminal above the live block, which is drawn again below it.
    private func emit(_ line: String) {
        let text = state.withLock { state -> String in
            guard live else { return line + "\n" }
            return redraw(&state, above: line)
        }
        write(text)
    }

    /// Erases the live block, prints `above`, and draws the block for the running jobs again.
    private func redraw(_ state: inout State, above: String?) -> String {
        var text = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)F\u{1B}[J" : ""
        if let above { text += above + "\n" }
        var lines: [String] = []
        for job in state.jobs where job.progress.finished == nil {
            let step = job.progress.step.map { " › \($0)" } ?? ""
            lines.append(paint("● \(job.name)\(step) \(Self.format(ContinuousClock.now - job.progress.stepStarted))", "1"))
            lines += job.progress.lastLines.map { "    " + String($0.prefix(120)) }
        }
        state.drawnLines = lines.count
        return text + lines.map { $0 + "\n" }.joined()
    }

    private func symbol(_ outcome: JobOutcome) -> String {
        switch outcome {
        case .success: paint("✓", "32")
        case .failure: paint("✗", "31")
        case .cancelled: paint("⊘", "33")
        case .skipped: paint("-", "2")
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func describe(_ outcome: JobOutcome) -> String {
        switch outcome {
        case .success: "succeeded"
        case .failure: "failed"
        case .cancelled: "was cancelled"
        case .skipped: "was skipped"
        }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds < 60 ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }
}
