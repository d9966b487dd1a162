import Foundation
import Testing
import WorkflowParser
@testable import RunnerCore

/// `exec`'s choices before any job runs: the event payload, the matrix filter, workflows that cannot be planned.
@Suite struct LocalExecTests {
    /// A repository whose `.forgejo/workflows` holds `files` (name → text).
    private func repository(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "local-exec-\(UUID().uuidString)"
        for (name, text) in files {
            let url = URL(fileURLWithPath: root + "/.forgejo/workflows/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// act's input-from-cli: `github.event.inputs` of a workflow_dispatch holds the inputs, as text, defaults too.
    @Test func workflowDispatchInputsAreInTheEventPayload() throws {
        let workflow = try WorkflowLoader().load("""
            on:
              workflow_dispatch:
                inputs:
                  flag:
                    type: boolean
                    default: true
                  name:
                    required: true
            jobs:
              test:
                runs-on: x
                steps: [{run: 'true'}]
            """, file: "w.yml")
        let exec = LocalExec(options: ExecOptions(repositoryRoot: "/", eventName: "workflow_dispatch", inputs: ["name": "mona", "extra": "1"]))
        let inputs = try #require(exec.eventPayload(for: workflow)["inputs"])
        #expect(inputs == ["flag": "true", "name": "mona", "extra": "1"])
        let given = ExpressionObject([(key: "inputs", value: ["own": "payload"])])
        let own = LocalExec(options: ExecOptions(repositoryRoot: "/", eventName: "workflow_dispatch", event: given, inputs: ["name": "x"]))
        #expect(own.eventPayload(for: workflow)["inputs"] == ["own": "payload"])
        #expect(LocalExec(options: ExecOptions(repositoryRoot: "/", eventName: "push")).eventPayload(for: workflow)["inputs"] == nil)
    }

    /// act's matrix-with-user-inclusions: `--matrix node:8 --matrix node:8.x --matrix os:ubuntu-18.04`.
    @Test func theMatrixFilterKeepsTheNamedValues() throws {
        let root = try repository(["ci.yml": """
            on: push
            jobs:
              build:
                runs-on: x
                strategy:
                  matrix:
                    os: [ubuntu-18.04, macos-latest]
                    node: [4, 8]
                    include:
                      - os: ubuntu-16.04
                        node: 8
                steps: [{run: 'true'}]
              test:
                runs-on: x
                strategy:
                  matrix:
                    node: [8.x, 10.x]
                steps: [{run: 'true'}]
              plain:
                runs-on: x
                steps: [{run: 'true'}]
            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = ExecOptions(repositoryRoot: root, matrixFilter: ["node": ["8", "8.x"], "os": ["ubuntu-18.04"]])
        let plan = try LocalExec(options: options).plan(json: false)
        let jobs = plan.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("build") || $0.hasPrefix("test") || $0 == "plain" }
        #expect(jobs == ["build (ubuntu-18.04, 8)", "test (8.x)", "plain"], "\(plan)")
    }

    /// act's TestGraphWithSomeMissing: a broken workflow and one with a missing need do not hide the others.
    @Test func workflowsThatCannotBePlannedDoNotHideTheOthers() throws {
        let root = try repository([
            "broken.yml": "jobs:\n  stuck:\n    runs-on: x\n    steps: [{run: 'true'}]\n",
            "missing.yml": "on: push\njobs:\n  second:\n    needs: first\n    runs-on: x\n    steps: [{run: 'true'}]\n",
            "good.yml": "on: push\njobs:\n  fine:\n    runs-on: x\n    steps: [{run: 'true'}]\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            _ = try LocalExec(options: ExecOptions(repositoryRoot: root)).plan(json: false)
            Issue.record("the plan hid its problems")
        } catch let error as ExecPlanError {
            #expect(error.plan.contains("fine"))
            #expect(error.problems.count == 2)
            #expect(error.problems.contains { $0.hasPrefix(".forgejo/workflows/broken.yml:1:1:") && $0.contains("\"on\"") })
            #expect(error.problems.contains { $0.contains("missing.yml:4:12") && $0.contains("needs job \"first\"") })
        }
    }
}
