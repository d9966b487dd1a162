import Testing
@testable import WorkflowParser

private func parse(_ text: String) -> WorkflowParseResult {
    WorkflowLoader().parse(text, file: "ci.yml")
}

private func load(_ text: String) throws -> Workflow {
    let result = parse(text)
    #expect(result.problems.isEmpty, "\(result.problems)")
    return try #require(result.workflow)
}

/// The single problem `text` must give.
private func problem(_ text: String) -> ModelProblem? {
    let problems = parse(text).problems
    #expect(problems.count == 1, "\(problems)")
    return problems.first
}

@Suite struct WorkflowModelTests {
    static let everything = """
        name: CI
        run-name: Deploy by ${{ github.actor }}
        on:
          push:
            branches: [main, 'releases/**']
            tags-ignore: v0.*
            paths: ['src/**']
          pull_request:
            types: [opened, synchronize]
          schedule:
            - cron: '*/15 * * * *'
            - cron: '0 6 * * 1'
              timezone: Europe/Berlin
          workflow_dispatch:
            inputs:
              level:
                description: Log level
                type: choice
                options: [info, debug]
                default: info
              dry:
                type: boolean
                required: true
        env:
          GLOBAL: 1
        defaults:
          run:
            shell: bash
            working-directory: src
        permissions: read-all
        concurrency:
          group: ci-${{ github.ref }}
          cancel-in-progress: true
        jobs:
          build:
            name: Build ${{ matrix.os }}
            runs-on: [docker, '${{ matrix.os }}']
            needs: lint
            if: github.event_name == 'push'
            env: { JOB: yes }
            strategy:
              fail-fast: false
              max-parallel: 2
              matrix:
                os: [bookworm, trixie]
                node: [{version: 20}, {version: 22}]
                include:
                  - os: bookworm
                    extra: true
                exclude:
                  - os: trixie
                    node: {version: 20}
            container:
              image: node:22
              credentials:
                username: bot
                password: ${{ secrets.PASSWORD }}
              env: { A: b }
              ports: [8080]
              volumes: [/data]
              options: --cpus 1
            services:
              redis:
                image: redis:7
                ports: ['6379']
            outputs:
              version: ${{ steps.v.outputs.version }}
            timeout-minutes: ${{ matrix.timeout }}
            continue-on-error: true
            permissions:
              contents: read
            environment:
              name: production
              url: https://example.invalid
            steps:
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0
                  python-version: 3.10
              - id: v
                name: Version
                run: echo "version=1" >> "$GITHUB_OUTPUT"
                shell: bash
                env: { STEP: 1 }
                working-directory: app
                continue-on-error: ${{ matrix.experimental }}
                timeout-minutes: 5
          lint:
            runs-on: docker
            steps:
              - run: make lint
          call:
            needs: [build, lint]
            runs-on: docker
            uses: ./.forgejo/workflows/release.yml
            with:
              dry: true
            secrets: inherit
        """

    @Test func everyKeyOfTheSchemaLoads() throws {
        let workflow = try load(Self.everything)
        #expect(workflow.name?.value == "CI")
        #expect(workflow.runName?.value == "Deploy by ${{ github.actor }}")
        #expect(workflow.triggers.map(\.event.value) == ["push", "pull_request", "schedule", "workflow_dispatch"])
        let push = try #require(workflow.trigger("push"))
        #expect(push.filter("branches")?.patterns.map(\.value) == ["main", "releases/**"])
        #expect(push.filter("tags-ignore")?.patterns.map(\.value) == ["v0.*"])
        #expect(workflow.trigger("pull_request")?.types?.map(\.value) == ["opened", "synchronize"])
        let schedule = try #require(workflow.trigger("schedule")?.cronSchedules)
        #expect(schedule.map(\.cron.value) == ["*/15 * * * *", "0 6 * * 1"])
        #expect(schedule[1].timezone?.value == "Europe/Berlin")
        let inputs = try #require(workflow.trigger("workflow_dispatch")?.inputs)
        #expect(inputs.map(\.name.value) == ["level", "dry"])
        #expect(inputs[0].type?.value == .choice && inputs[0].options.map(\.value) == ["info", "debug"])
        #expect(inputs[1].isRequired && inputs[1].type?.value == .boolean)
        #expect(workflow.env?.literal?.first?.value.value == "1")
        #expect(workflow.defaults?.shell?.value == "bash" && workflow.defaults?.workingDirectory?.value == "src")
        #expect(workflow.permissions == .all(Located("read-all", at: SourceLocation(file: "ci.yml", line: 30, column: 14))))
        #expect(workflow.concurrency?.cancelInProgress?.literal == true)
        #expect(workflow.jobs.map(\.id.value) == ["build", "lint", "call"])

        let build = try #require(workflow.job("BUILD"))
        #expect(build.needs.map(\.value) == ["lint"])
        #expect(build.runsOn?.labels.map(\.value) == ["docker", "${{ matrix.os }}"])
        #expect(build.condition?.value == "github.event_name == 'push'")
        #expect(build.env?.literal?.first?.value.value == "yes")
        let strategy = try #require(build.strategy)
        #expect(strategy.failFast?.literal == false && strategy.maxParallel?.literal == 2)
        let matrix = try #require(strategy.matrix?.literal)
        #expect(matrix.dimensions.map(\.name.value) == ["os", "node"])
        #expect(matrix.include?.literal?.first?.map(\.key.value) == ["os", "extra"])
        #expect(matrix.exclude?.literal?.count == 1)
        let container = try #require(build.container)
        #expect(container.image.value == "node:22" && container.ports.map(\.value) == ["8080"])
        #expect(container.credentials?.literal?.password?.value == "${{ secrets.PASSWORD }}")
        #expect(container.options?.value == "--cpus 1" && container.volumes.map(\.value) == ["/data"])
        #expect(build.services?.literal?.map(\.name.value) == ["redis"])
        #expect(build.outputs.map(\.key.value) == ["version"])
        #expect(build.timeoutMinutes == .expression(Located("${{ matrix.timeout }}",
                                                            at: SourceLocation(file: "ci.yml", line: 68, column: 22))))
        #expect(build.continueOnError?.literal == true)
        #expect(build.environment?.url?.value == "https://example.invalid")
        #expect(build.steps.count == 2)

        let checkout = build.steps[0]
        #expect(checkout.uses?.value == "actions/checkout@v4")
        // GitHub reads `3.10` as the number 3.1 and passes "3.1": the model does the same.
        #expect(checkout.with.map(\.value.value) == ["0", "3.1"])
        let version = build.steps[1]
        #expect(version.id?.value == "v" && version.shell?.value == "bash")
        #expect(version.run?.value == "echo \"version=1\" >> \"$GITHUB_OUTPUT\"")
        #expect(version.workingDirectory?.value == "app" && version.timeoutMinutes?.literal == 5)
        #expect(version.continueOnError?.literal == nil && version.continueOnError != nil)
        #expect(build.step("V")?.name?.value == "Version")

        let call = try #require(workflow.job("call")?.call)
        #expect(call.reference == .local(path: ".forgejo/workflows/release.yml"))
        #expect(call.inputs.first?.value.scalar?.value == .bool(true))
        guard case .inherit = call.secrets else { Issue.record("expected secrets: inherit"); return }
    }

    @Test(arguments: [
        ("on: push", ["push"]),
        ("on: [push, pull_request]", ["push", "pull_request"]),
        ("on:\n  push:\n  release:\n    types: [published]", ["push", "release"]),
    ])
    func onTakesAStringAListOrAMapping(on: String, events: [String]) throws {
        let workflow = try load("\(on)\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n")
        #expect(workflow.triggers.map(\.event.value) == events)
    }

    @Test func runsOnGroupAndExpression() throws {
        let workflow = try load("""
            on: push
            jobs:
              a:
                runs-on: {group: fleet, labels: [docker, large]}
                steps: [{run: echo}]
              b:
                runs-on: ${{ fromJSON(inputs.labels) }}
                steps: [{run: echo}]
            """)
        #expect(workflow.jobs[0].runsOn?.group?.value == "fleet")
        #expect(workflow.jobs[0].runsOn?.labels.map(\.value) == ["docker", "large"])
        #expect(workflow.jobs[1].runsOn?.labels.map(\.value) == ["${{ fromJSON(inputs.labels) }}"])
    }

    @Test func matrixAsAnExpression() throws {
        let workflow = try load("""
            on: push
            jobs:
              a:
                runs-on: x
                strategy:
                  matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
                steps: [{run: echo}]
            """)
        guard case .expression(let text) = workflow.jobs[0].strategy?.matrix else {
            Issue.record("expected an expression matrix")
            return
        }
        #expect(text.value == "${{ fromJSON(needs.plan.outputs.matrix) }}")
    }

    @Test func workflowCallDefinitions() throws {
        let workflow = try load("""
            on:
              workflow_call:
                inputs:
                  target: {type: string, required: true}
                  verbose: {type: boolean, default: false}
                secrets:
                  token: {required: true}
                  optional:
                outputs:
                  artifact: {value: '${{ jobs.build.outputs.path }}'}
            jobs:
              build: {runs-on: docker, steps: [{run: make}]}
            """)
        let call = try #require(workflow.trigger("workflow_call"))
        #expect(call.inputs.map(\.name.value) == ["target", "verbose"])
        #expect(call.inputs[0].isRequired && call.inputs[1].defaultValue?.scalar?.value == .bool(false))
        #expect(call.secrets.map(\.name.value) == ["token", "optional"])
        #expect(call.secrets[0].isRequired && !call.secrets[1].isRequired)
        #expect(call.outputs.first?.value?.value == "${{ jobs.build.outputs.path }}")
    }

    @Test func explicitSecretsOfACall() throws {
        let workflow = try load("""
            on: push
            jobs:
              call:
                runs-on: docker
                uses: owner/repo/.forgejo/workflows/build.yml@v1
                secrets: {token: '${{ secrets.TOKEN }}'}
            """)
        let call = try #require(workflow.jobs[0].call)
        #expect(call.reference == .remote(try RemoteWorkflowTests.remote("owner/repo/.forgejo/workflows/build.yml@v1")))
        guard case .explicit(let secrets) = call.secrets else { Issue.record("expected explicit secrets"); return }
        #expect(secrets.map(\.key.value) == ["token"])
    }

    // MARK: problems, each at its place

    @Test func unknownKeyNamesTheAllowedOnes() {
        let found = problem("on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n    steps: [{run: echo}]\n")
        #expect(found?.location == SourceLocation(file: "ci.yml", line: 5, column: 5))
        #expect(found?.message.hasPrefix("unknown key \"stepz\" in job \"a\"; expected one of: name, needs") == true)
    }

    @Test func missingOnAndJobs() {
        let problems = parse("name: x\n").problems.map(\.message)
        #expect(problems == ["the workflow is missing the required key \"on\"",
                             "the workflow is missing the required key \"jobs\""])
    }

    @Test func wrongTypesArePositioned() {
        let found = problem("on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{run: echo}]\n")
        #expect(found?.location == SourceLocation(file: "ci.yml", line: 5, column: 22))
        #expect(found?.message == "timeout-minutes must be a number or a ${{ }} expression, found a string \"soon\"")
        let steps = problem("on: push\njobs:\n  a:\n    runs-on: x\n    steps: {run: echo}\n")
        #expect(steps?.message == "steps of job \"a\" must be a sequence, found a mapping")
    }

    @Test func jobWithoutRunsOnOrSteps() {
        let problems = parse("on: push\njobs:\n  a:\n    name: nothing\n").problems.map(\.message)
        #expect(problems == ["job \"a\" has no runs-on: say which runner labels it needs (e.g. runs-on: docker)",
                             "job \"a\" has no steps"])
    }

    @Test func stepMustRunOrUseButNotBoth() {
        // The later of run:/uses: decides the step's kind; the other key is the mistake.
        let both = parse("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n        uses: b/c@v1\n").problems
        #expect(both.map(\.location.line) == [6])
        #expect(both.first?.message.hasPrefix("unknown key \"run\" in a uses: step") == true)
        let neither = problem("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: nothing\n")
        #expect(neither?.message == "a step needs run: (a script) or uses: (an action)")
        let with = problem("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: a\n        with: {x: 1}\n")
        #expect(with?.message.hasPrefix("unknown key \"with\" in a run: step") == true)
        #expect(with?.location == SourceLocation(file: "ci.yml", line: 7, column: 9))
        let empty = problem("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      -\n")
        #expect(empty?.message.hasPrefix("a step must not be empty") == true)
    }

    @Test func namesIgnoringCaseMustBeUnique() {
        let found = problem("on: push\nenv:\n  foo: 1\n  FOO: 2\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n")
        #expect(found?.location == SourceLocation(file: "ci.yml", line: 4, column: 3))
        #expect(found?.message.contains("defined at line 3, column 3") == true)
    }

    @Test func emptyValuesAreProblems() {
        let problems = parse("""
            on: push
            jobs:
              a:
                runs-on: []
                needs: []
                timeout-minutes: 0
                container: {}
                steps: [{run: a}]
            """).problems.map { "\($0.location.line):\($0.location.column)" }
        #expect(problems == ["4:14", "5:12", "6:22", "7:16", "7:5"])
    }

    @Test func snapshotTakesANameOrAMapping() throws {
        let workflow = try load("on: push\njobs:\n  a:\n    runs-on: x\n    snapshot: {image-name: img, version: '2.*'}\n    steps: [{run: a}]\n")
        #expect(workflow.jobs[0].snapshot?.imageName?.value == "img")
        let missing = problem("on: push\njobs:\n  a:\n    runs-on: x\n    snapshot: {version: '2.*'}\n    steps: [{run: a}]\n")
        #expect(missing?.location == SourceLocation(file: "ci.yml", line: 5, column: 5))
    }

    @Test func badActionReferenceIsPositioned() {
        let found = problem("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout\n")
        #expect(found?.location == SourceLocation(file: "ci.yml", line: 6, column: 15))
        #expect(found?.message.contains("has no @ref") == true)
    }

    @Test func callInputTypeIsChecked() {
        let found = problem("on:\n  workflow_call:\n    inputs:\n      x: {type: choice}\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n")
        #expect(found?.message == "input type \"choice\" is not one of string, boolean, number for workflow_call")
    }

    @Test func scheduleNeedsCronEntries() {
        let found = problem("on:\n  schedule: '* * * * *'\njobs:\n  a: {runs-on: x, steps: [{run: a}]}\n")
        #expect(found?.message.hasPrefix("schedule must be a list of `- cron: '...'` entries") == true)
    }

    @Test func yamlErrorsBecomeProblems() {
        let found = problem("on: push\njobs: [\n")
        #expect(found?.location.file == "ci.yml")
        let empty = problem("")
        #expect(empty?.message == "the workflow file is empty; it needs at least `on:` and `jobs:`")
    }

    @Test func loadThrowsWithEveryProblem() {
        #expect(throws: WorkflowLoadError.self) {
            try WorkflowLoader().load("on: push\njobs: {a: {steps: 1}}\n", file: "ci.yml")
        }
    }
}
