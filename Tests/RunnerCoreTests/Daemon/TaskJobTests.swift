import Foundation
import Testing
import WorkflowParser
@testable import RunnerCore

/// A task as the server sends it becomes the engine's job: the payload `exec --dry-run --json` prints is read back.
@Suite struct TaskJobTests {
    static let workflow = """
        name: ci
        on: push
        jobs:
          test:
            runs-on: docker
            strategy:
              matrix:
                version: ['3.10', 12]
            steps:
              - run: echo "version ${{ matrix.version }} token ${{ github.token }} ${{ secrets.GITHUB_TOKEN }}"
        """

    private func context(_ extra: [(key: String, value: ExpressionValue)] = []) -> ExpressionObject {
        ExpressionObject([(key: "repository", value: "owner/repo"), (key: "server_url", value: "https://forge.example"),
                          (key: "forgejo_default_actions_url", value: "https://data.forgejo.org"),
                          (key: "forgejo_runtime_token", value: "runtime-secret"), (key: "token", value: "job-token")] + extra)
    }

    @Test func theServersPayloadForOneCombinationBecomesThatCombination() throws {
        let workflow = try WorkflowLoader().load(Self.workflow, file: "ci.yml")
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "test",
                                                matrix: ExpressionObject([(key: "version", value: "3.10")]))
        let task = try TaskJob.make(TaskInput(id: 7, payload: payload, context: context()), runnerName: "runner-1")
        #expect(task.definition.matrix["version"] == .string("3.10"))
        #expect(task.defaultActionsURL == "https://data.forgejo.org" && task.token == "job-token")
        #expect(task.definition.secrets["GITHUB_TOKEN"] == "job-token" && task.definition.secrets["FORGEJO_TOKEN"] == "job-token")
        #expect(task.definition.github["forgejo_runtime_token"] == nil, "the runtime token is not the job's to see")
        #expect(task.definition.extraEnvironment["ACTIONS_RUNTIME_URL"] == "https://forge.example/api/actions_pipeline/")
        #expect(task.definition.extraEnvironment["ACTIONS_RUNTIME_TOKEN"] == "runtime-secret")
        #expect(Set(task.definition.masks).isSuperset(of: ["runtime-secret", "job-token"]), "both tokens are masked in every log")

        #expect(task.definition.job.id.value == "test" && task.definition.workflow.name?.value == "ci")
    }

    @Test func malformedTasksAreClearErrors() throws {
        let two = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: 'true'}]\n  b:\n    runs-on: x\n    steps: [{run: 'true'}]\n"
        #expect(throws: TaskError.self) { try TaskJob.make(TaskInput(id: 1, payload: two, context: context()), runnerName: "r") }
        let one = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: 'true'}]\n"
        let noActionsURL = ExpressionObject([(key: "repository", value: "owner/repo")])
        do {
            _ = try TaskJob.make(TaskInput(id: 2, payload: one, context: noActionsURL), runnerName: "r")
            Issue.record("a context without a default actions URL was accepted")
        } catch let error as TaskError {
            #expect(error.description.contains("task 2") && error.description.contains("default actions URL"))
        }
        #expect(throws: TaskError.self) { try TaskJob.make(TaskInput(id: 3, payload: "jobs: [", context: context()), runnerName: "r") }
    }
}
