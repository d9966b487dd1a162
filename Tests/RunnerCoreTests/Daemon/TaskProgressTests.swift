import Foundation
import Testing
import TestSupport
@testable import RunnerCore

/// A task's log and step states as the server will get them, from a real job on the host.
@Suite struct TaskProgressTests {
    @Test func stepsPointAtTheirRowsAndSetUpRowsBelongToNoStep() async throws {
        let scratch = try TemporaryDirectory()
        let progress = TaskProgress(taskJob: "test", log: LogBuffer(spillPath: scratch.path + "/spill"))
        var job = HostJob()
        job.secrets = ["TOKEN": "sekrit"]
        let yaml = """
            on: push
            jobs:
              test:
                runs-on: host
                outputs:
                  out: ${{ steps.one.outputs.value }}
                steps:
                  - id: one
                    run: |
                      echo first-a
                      echo first-b ${{ secrets.TOKEN }}
                      echo "value=v" >> "$GITHUB_OUTPUT"
                  - run: echo second
                  - if: failure()
                    run: echo never
            """
        let result = try await job.run(yaml, reporter: progress)
        #expect(result.outcome == .success)
        let log = try progress.pendingLog(limit: 10_000)
        #expect(log.index == 0 && log.complete)
        let contents = log.rows.map(\.content)
        let state = progress.state()
        #expect(state.result == .success && state.startedAt != nil && state.stoppedAt != nil)
        #expect(state.steps.map(\.id) == [0, 1, 2])
        #expect(state.steps.map(\.result) == [.success, .success, .skipped])
        let first = state.steps[0]
        #expect(Array(contents[first.logIndex..<first.logIndex + first.logLength]).suffix(2) == ["first-a", "first-b ***"])
        let second = state.steps[1]
        #expect(contents[second.logIndex..<second.logIndex + second.logLength].contains("second"))
        #expect(first.logIndex > 0, "the set-up rows come first, in no step")
        #expect(progress.unsentOutputs() == ["out": "v"])
        progress.outputsConfirmed(["out"])
        #expect(progress.unsentOutputs().isEmpty)
        try progress.acknowledgeLog(log.rows.count)
        #expect(progress.pendingRows == 0)
    }
}
