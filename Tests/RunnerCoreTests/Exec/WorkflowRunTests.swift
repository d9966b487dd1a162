import Foundation
import Testing
import WorkflowParser
@testable import RunnerCore

/// Whole workflows on the host: needs order, job `if:`, matrix, fail-fast, reusable-workflow calls.
@Suite struct WorkflowRunTests {
    /// Runs `files[".forgejo/workflows/main.yml"]` (and whatever it calls) from a repository holding `files`.
    private func run(_ files: [String: String], secrets: [String: String] = [:], profile: ForgejoProfile = .forgejo11,
                     capacity: Int = 2) async throws -> ([WorkflowJobResult], RecordingReporter) {
        let root = NSTemporaryDirectory() + "workflow-run-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/repo/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let workflow = try WorkflowLoader().load(try #require(files[".forgejo/workflows/main.yml"]), file: ".forgejo/workflows/main.yml")
        let reporter = RecordingReporter()
        let providers = SandboxProviders(settings: .init(stateDirectory: root + "/state"), software: "tests")
        let settings = WorkflowRunSettings(github: ExpressionObject([(key: "repository", value: "owner/repo")]), secrets: secrets,
                                           labels: [RunnerLabel(name: "host", schema: .host)], profile: profile, capacity: capacity)
        let repositories = Dictionary(files.keys.filter { $0.hasPrefix("other/") }.map { _ in ("infra/shared", root + "/repo/other") }) { $1 }
        let context = WorkflowRunContext(providers: providers, workflows: FolderWorkflowSource(repositoryRoot: root + "/repo",
                                                                                                repositories: repositories))
        let results = await WorkflowRun(workflow: workflow, settings: settings, context: context, reporter: reporter).run()
        return (results, reporter)
    }

    private func result(_ id: String, in results: [WorkflowJobResult]) -> JobOutcome? {
        results.first { $0.jobID == id }?.result
    }

    @Test func jobsRunInNeedsOrderWithOutputsAndResults() async throws {
        let (results, reporter) = try await run([".forgejo/workflows/main.yml": """
            on: push
            jobs:
              last:
                needs: [first, second]
                runs-on: host
                steps:
                  - run: echo "last sees ${{ needs.first.outputs.value }} ${{ needs.second.result }}"
              first:
                runs-on: host
                outputs:
                  value: ${{ steps.make.outputs.value }}
                steps:
                  - id: make
                    run: echo "value=42" >> "$GITHUB_OUTPUT"
              second:
                runs-on: host
                steps:
                  - run: exit 1
              after-failure:
                needs: second
                runs-on: host
                steps:
                  - run: echo never
              cleanup:
                needs: second
                if: always()
                runs-on: host
                steps:
                  - run: echo "cleanup sees ${{ needs.second.result }}"
            """])
        #expect(result("first", in: results) == .success && result("second", in: results) == .failure)
        #expect(result("last", in: results) == .skipped && result("after-failure", in: results) == .skipped)
        #expect(result("cleanup", in: results) == .success)
        #expect(reporter.lines.contains("cleanup sees failure"))
        #expect(results.first { $0.jobID == "first" }?.outputs == ["value": "42"])
    }

    @Test func aMatrixFromANeededJobsOutputRunsEachCombination() async throws {
        let (results, reporter) = try await run([".forgejo/workflows/main.yml": """
            on: push
            jobs:
              setup:
                runs-on: host
                outputs:
                  matrix: ${{ steps.make.outputs.matrix }}
                steps:
                  - id: make
                    run: echo 'matrix={"os":["alpha","beta"],"include":[{"os":"beta","extra":"x"}]}' >> "$GITHUB_OUTPUT"
              test:
                needs: setup
                runs-on: host
                strategy:
                  matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
                steps:
                  - run: echo "combination ${{ matrix.os }}${{ matrix.extra }} ${{ strategy.job-index }}/${{ strategy.job-total }}"
            """])
        #expect(result("test", in: results) == .success)
        #expect(reporter.lines.contains("combination alpha 0/2") && reporter.lines.contains("combination betax 1/2"))
        #expect(results.first { $0.jobID == "test" }?.runs.map(\.name) == ["test (alpha)", "test (beta, x)"])
    }

    @Test func failFastCancelsTheOtherCombinationsAndMaxParallelHoldsThemBack() async throws {
        let (results, reporter) = try await run([".forgejo/workflows/main.yml": """
            on: push
            jobs:
              fast:
                runs-on: host
                strategy:
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: echo "start ${{ matrix.n }}"; test ${{ matrix.n }} != 1
              slow:
                runs-on: host
                strategy:
                  fail-fast: false
                  max-parallel: 1
                  matrix:
                    n: [1, 2]
                steps:
                  - run: echo "slow ${{ matrix.n }}"; test ${{ matrix.n }} != 1
            """], capacity: 4)
        let fast = try #require(results.first { $0.jobID == "fast" })
        #expect(fast.result == .failure)
        #expect(fast.runs.map(\.result.outcome) == [.failure, .cancelled, .cancelled], "max-parallel 1: the others never started")
        #expect(!reporter.lines.contains("start 2") && !reporter.lines.contains("start 3"))
        #expect(results.first { $0.jobID == "slow" }?.runs.map(\.result.outcome) == [.failure, .success], "fail-fast: false runs them all")
    }

    @Test func aReusableWorkflowRunsInsideTheCallingJob() async throws {
        let (results, reporter) = try await run([
            ".forgejo/workflows/main.yml": """
                on: push
                jobs:
                  call:
                    runs-on: host
                    uses: ./.forgejo/workflows/called.yml
                    with:
                      count: 3
                    secrets: inherit
                  use:
                    needs: call
                    runs-on: host
                    steps:
                      - run: echo "caller got ${{ needs.call.outputs.doubled }}"
                """,
            ".forgejo/workflows/called.yml": """
                on:
                  workflow_call:
                    inputs:
                      count:
                        type: number
                        required: true
                      label:
                        type: string
                        default: plain
                    outputs:
                      doubled:
                        value: ${{ jobs.work.outputs.doubled }}
                jobs:
                  work:
                    runs-on: host
                    outputs:
                      doubled: ${{ steps.calc.outputs.doubled }}
                    steps:
                      - id: calc
                        run: |
                          echo "doubled=$(( ${{ inputs.count }} * 2 ))" >> "$GITHUB_OUTPUT"
                          echo "called with ${{ inputs.label }} token=${{ secrets.TOKEN }}"
                """,
        ], secrets: ["TOKEN": "tok-123"])
        #expect(result("call", in: results) == .success && result("use", in: results) == .success)
        #expect(reporter.lines.contains("caller got 6"))
        #expect(reporter.lines.contains("called with plain token=***"))
        #expect(reporter.started.contains("call / work"))
    }

    @Test func aCrossRepositoryCallReadsTheOtherRepositorysWorkingCopy() async throws {
        let called = """
            on: workflow_call
            jobs:
              shared:
                runs-on: host
                steps:
                  - run: echo "shared build ran"
            """
        let caller = """
            on: push
            jobs:
              call:
                runs-on: host
                uses: infra/shared/.forgejo/workflows/build.yml@v1
            """
        let (results, reporter) = try await run([".forgejo/workflows/main.yml": caller, "other/.forgejo/workflows/build.yml": called])
        #expect(result("call", in: results) == .success)
        #expect(reporter.lines.contains("shared build ran"))
        let (missing, missingReport) = try await run([".forgejo/workflows/main.yml": caller])
        #expect(result("call", in: missing) == .failure)
        #expect(missingReport.lines.contains { $0.contains("--repo infra/shared=FOLDER") })
    }

    @Test func forgejo11SchedulesNoRunForACallWithoutRunsOn() async throws {
        let files = [
            ".forgejo/workflows/main.yml": """
                on: push
                jobs:
                  call:
                    uses: ./.forgejo/workflows/called.yml
                """,
            ".forgejo/workflows/called.yml": """
                on: workflow_call
                jobs:
                  work:
                    runs-on: host
                    steps:
                      - run: echo "ran in the call"
                """,
        ]
        let (eleven, report11) = try await run(files, profile: .forgejo11)
        #expect(result("call", in: eleven) == .failure)
        #expect(report11.lines.contains { $0.contains("Forgejo 11 schedules no run") })
        let (fifteen, report15) = try await run(files, profile: .forgejo15)
        #expect(result("call", in: fifteen) == .success)
        #expect(report15.lines.contains("ran in the call"))
    }

    @Test func callInputsAreCheckedAgainstTheCalledWorkflow() async throws {
        let (results, reporter) = try await run([
            ".forgejo/workflows/main.yml": """
                on: push
                jobs:
                  missing:
                    runs-on: host
                    uses: ./.forgejo/workflows/called.yml
                  unknown:
                    runs-on: host
                    uses: ./.forgejo/workflows/called.yml
                    with:
                      needed: x
                      extra: y
                  mistyped:
                    runs-on: host
                    uses: ./.forgejo/workflows/called.yml
                    with:
                      needed: x
                      flag: not-a-boolean
                """,
            ".forgejo/workflows/called.yml": """
                on:
                  workflow_call:
                    inputs:
                      needed:
                        type: string
                        required: true
                      flag:
                        type: boolean
                jobs:
                  work:
                    runs-on: host
                    steps:
                      - run: "true"
                """,
        ])
        #expect(results.allSatisfy { $0.result == .failure })
        #expect(reporter.lines.contains { $0.contains("requires input `needed`") })
        #expect(reporter.lines.contains { $0.contains("declares no input `extra`") })
        #expect(reporter.lines.contains { $0.contains("input `flag` is a boolean") })
    }

    @Test func nestedCallsStopAtTheLimit() async throws {
        let (results, reporter) = try await run([
            ".forgejo/workflows/main.yml": """
                on: [push, workflow_call]
                jobs:
                  again:
                    runs-on: host
                    uses: ./.forgejo/workflows/main.yml
                """,
        ])
        #expect(results.first?.result == .failure)
        #expect(reporter.lines.contains { $0.contains("nest more than \(ReusableCallRun.maximumDepth) levels") })
    }
}
