import Foundation
import Testing
import TestSupport
import WorkflowParser
@testable import RunnerCore

/// A task runs on the runner's label; a reusable-workflow call that came as one task runs the called workflow
/// (fetched from the instance at the task's commit) inside it, with one log.
@Suite struct TaskExecutionTests {
    private func execute(_ payload: String, server: LoopbackHTTPServer? = nil, secrets: [String: String] = [:])
        async throws -> (JobResult, [String], TaskProgress) {
        let scratch = try TemporaryDirectory()
        let instance = server.map { "http://\($0.registry)" } ?? "https://forge.example"
        let context = ExpressionObject([(key: "repository", value: "owner/repo"), (key: "sha", value: "abc123"),
                                        (key: "server_url", value: .string(instance)),
                                        (key: "forgejo_default_actions_url", value: .string(instance)),
                                        (key: "token", value: "job-token")])
        let task = try TaskJob.make(TaskInput(id: 1, payload: payload, context: context, secrets: secrets), runnerName: "r")
        let progress = TaskProgress(taskJob: task.definition.displayName, log: LogBuffer(spillPath: scratch.path + "/spill"))
        let providers = SandboxProviders(settings: .init(stateDirectory: scratch.path + "/state"), software: "tests")
        let execution = TaskExecution(task: task, labels: [RunnerLabel(name: "shell", schema: .host)], providers: providers,
                                      progress: progress, actionsRoot: scratch.path + "/actions")
        let result = await execution.run()
        return (result, try progress.pendingLog(limit: 10_000).rows.map(\.content), progress)
    }

    @Test func aPlainTaskRunsOnTheMatchingLabel() async throws {
        let (result, lines, progress) = try await execute("""
            on: push
            jobs:
              build:
                runs-on: shell
                steps:
                  - run: echo "token ${{ secrets.GITHUB_TOKEN }} on $RUNNER_OS"
            """)
        #expect(result.outcome == .success)
        #expect(lines.contains("token *** on Linux"))
        #expect(progress.state().steps.map(\.result) == [.success])
    }

    @Test func aCallTaskRunsTheCalledWorkflowInsideIt() async throws {
        let called = """
            on:
              workflow_call:
                outputs:
                  answer:
                    value: ${{ jobs.inner.outputs.answer }}
            jobs:
              inner:
                runs-on: somewhere-else
                outputs:
                  answer: ${{ steps.a.outputs.answer }}
                steps:
                  - id: a
                    run: echo "answer=42" >> "$GITHUB_OUTPUT"; echo "inner ran"
            """
        let server = try LoopbackHTTPServer { request in
            request.target == "/owner/repo/raw/abc123/.forgejo/workflows/called.yml" && request.headers["authorization"] == "token job-token"
                ? LoopbackHTTPServer.Response(status: 200, body: Array(called.utf8))
                : LoopbackHTTPServer.Response(status: 404)
        }
        let (result, lines, _) = try await execute("""
            on: push
            jobs:
              call:
                runs-on: shell
                uses: ./.forgejo/workflows/called.yml
            """, server: server)
        #expect(result.outcome == .success, "\(lines)")
        #expect(result.outputs == ["answer": "42"])
        #expect(lines.contains("[call / inner] inner ran"))
    }

    @Test func aTaskForNoneOfTheRunnersLabelsFailsSayingSo() async throws {
        let (result, lines, _) = try await execute("on: push\njobs:\n  x:\n    runs-on: gpu\n    steps: [{run: 'true'}]\n")
        #expect(result.outcome == .failure)
        #expect(lines.contains { $0.contains("none of this runner's labels") })
    }
}
