import Testing
import WorkflowParser

@Suite struct SingleJobPayloadTests {
    static let workflowText = """
        name: CI
        run-name: checks
        on:
          push:
            branches: [main, 'releases/**']
        env:
          GREETING: 'on'
          VERSION: '3.10'
        permissions: read-all
        defaults:
          run:
            shell: bash
        jobs:
          setup:
            runs-on: docker
            outputs:
              oses: ${{ steps.list.outputs.oses }}
            steps:
              - id: list
                run: echo 'oses=["linux"]' >> "$GITHUB_OUTPUT"
          build:
            permissions: {}
            continue-on-error: true
            steps:
              - name: Build
                run: |
                  make all
                  make check  # with a comment: and a colon
                env:
                  EMPTY: ''
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0
            runs-on: [docker, '${{ matrix.os }}']
            needs: setup
            name: Build ${{ matrix.os }}
            if: github.event_name == 'push'
            env:
              NODE: ${{ matrix.node }}
            timeout-minutes: 30
            services:
              db:
                image: postgres:16
                env:
                  POSTGRES_PASSWORD: yes
            strategy:
              fail-fast: false
              max-parallel: 2
              matrix:
                os: [linux, 'on']
                node: [18, '3.10']
                include:
                  - os: linux
                    experimental: true
            container:
              image: node:20
            defaults:
              run:
                working-directory: src
            outputs:
              artifact: ${{ steps.build.outputs.file }}
            concurrency:
              group: build-${{ github.ref }}
          call:
            needs: build
            uses: ./.forgejo/workflows/callee.yml
            with:
              count: 3
              flag: true
              text: '3.10'
            secrets: inherit
        """

    private func workflow() throws -> Workflow {
        try WorkflowLoader().load(Self.workflowText, file: "ci.yml")
    }

    /// The payload loaded back by the project's own loader: it must have no problem and exactly one job.
    private func reload(_ payload: String) throws -> Workflow {
        let reloaded = try WorkflowLoader().load(payload, file: "payload.yml")
        #expect(reloaded.jobs.count == 1)
        return reloaded
    }

    @Test func theJobRoundTripsWithOneCombination() throws {
        let workflow = try workflow()
        let build = try #require(workflow.job("build"))
        let combinations = try MatrixExpansion.expand(build.strategy, jobID: "build", context: EvaluationContext())
        #expect(combinations.count == 4)
        let combination = try #require(combinations.last)  // os 'on', node '3.10': strings that look like others
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "BUILD", matrix: combination)
        let reloaded = try reload(payload)
        let job = try #require(reloaded.job("build"))

        for key in SingleJobPayload.jobKeys where key != "strategy" {
            let original = build.node[key]
            let copied = job.node[key]
            #expect(original.map { node in copied.map { sameYAML(node, $0) } ?? false } ?? (copied == nil),
                    "\(key) changed")
        }
        #expect(job.node["permissions"] == nil && job.node["continue-on-error"] == nil)
        #expect(job.steps.first?.run?.value == "make all\nmake check  # with a comment: and a colon\n")

        // The strategy keeps its settings; its matrix is the one combination, each key with a one-element list.
        let strategy = try #require(job.strategy)
        #expect(try StrategySettings(strategy, context: EvaluationContext())
                == StrategySettings(failFast: false, maxParallel: 2))
        let again = try MatrixExpansion.expand(strategy, context: EvaluationContext())
        #expect(again.map { ExpressionValue.object($0) } == [.object(combination)])
        #expect(again.map { ExpressionValue.object($0) } == [["os": "on", "node": "3.10"]])
    }

    @Test func theMatrixIsWrittenAsTheServerWritesIt() throws {
        let workflow = try workflow()
        let combination = try #require(try MatrixExpansion.expand(
            workflow.job("build")?.strategy, context: EvaluationContext()).first)
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "build", matrix: combination)
        #expect(payload.contains("""
                strategy:
                  fail-fast: false
                  max-parallel: 2
                  matrix:
                    os:
                      - linux
                    node:
                      - 18
                    experimental:
                      - true

            """))
    }

    @Test func onlyTheServersKeysInItsOrder() throws {
        let workflow = try workflow()
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "build", matrix: nil)
        let root = try #require(try YAMLLoader().load(payload, file: "payload.yml"))
        #expect(root.mapping?.map(\.name) == ["name", "on", "env", "jobs", "defaults"])
        #expect(root["jobs"]?.mapping?.map(\.name) == ["build"])
        #expect(root["jobs"]?["build"]?.mapping?.map(\.name) == [
            "name", "needs", "runs-on", "env", "if", "steps", "timeout-minutes", "services", "strategy", "container",
            "defaults", "outputs", "concurrency",
        ])
        // Without a combination the strategy keeps only its settings.
        #expect(root["jobs"]?["build"]?["strategy"]?.mapping?.map(\.name) == ["fail-fast", "max-parallel"])
        let original = try #require(workflow.root["on"])
        #expect(root["on"].map { sameYAML(original, $0) } == true)
    }

    @Test func quotingKeepsStringsStrings() throws {
        let payload = try SingleJobPayload.make(workflow: try workflow(), jobID: "build", matrix: nil)
        #expect(payload.contains("'on':\n"))
        #expect(payload.contains("  GREETING: 'on'\n  VERSION: '3.10'\n"))
        #expect(payload.contains("POSTGRES_PASSWORD: 'yes'\n"))
        #expect(payload.contains("EMPTY: ''\n"))
        #expect(payload.contains("run: |\n"))
        let env = try #require(try reload(payload).env?.literal)
        #expect(env.map(\.value.value) == ["on", "3.10"])
    }

    @Test func aCallKeepsItsInputsAndSecrets() throws {
        let workflow = try workflow()
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "call", matrix: nil)
        let job = try #require(try reload(payload).job("call"))
        #expect(job.node.mapping?.map(\.name) == ["needs", "uses", "with", "secrets"])
        #expect(job.call?.uses.value == "./.forgejo/workflows/callee.yml")
        let original = try #require(workflow.job("call")?.node["with"])
        #expect(job.node["with"].map { sameYAML(original, $0) } == true)
        #expect(job.node["with"]?["text"]?.scalar?.value == .string("3.10"))
    }

    @Test func aJobWithoutStrategyGetsOneForItsCombination() throws {
        let workflow = try workflow()
        let payload = try SingleJobPayload.make(workflow: workflow, jobID: "setup",
                                                matrix: ExpressionObject([(key: "shard", value: 1)]))
        let job = try #require(try reload(payload).job("setup"))
        #expect(job.node["strategy"]?.mapping?.map(\.name) == ["matrix"])
        #expect(try MatrixExpansion.expand(job.strategy, context: EvaluationContext()).map { .object($0) }
                == [["shard": 1]] as [ExpressionValue])
        let plain = try SingleJobPayload.make(workflow: workflow, jobID: "setup", matrix: ExpressionObject([]))
        #expect(!plain.contains("strategy"))
    }

    @Test func anUnknownJobIsAnError() throws {
        let error = #expect(throws: PlanningError.self) {
            try SingleJobPayload.make(workflow: try workflow(), jobID: "deploy", matrix: nil)
        }
        #expect(error?.message == "the workflow has no job \"deploy\"; its jobs are setup, build, call")
        #expect(error?.position == "1:1")
    }
}
