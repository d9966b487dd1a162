import Testing
import WorkflowParser

@Suite struct SchedulingVerdictTests {
    static let workflowText = """
        on: push
        jobs:
          build:
            runs-on: [docker, amd64]
            steps: [{run: make}]
          call:
            uses: ./.forgejo/workflows/callee.yml
          call-on-runner:
            runs-on: docker
            uses: ./.forgejo/workflows/callee.yml
          no-labels:
            runs-on: []
            steps: [{run: make}]
          no-runs-on:
            steps: [{run: make}]
          computed:
            runs-on: ${{ matrix.os }}
            steps: [{run: make}]
          computed-list:
            runs-on: ['${{ fromJSON(vars.LABELS) }}', extra]
            steps: [{run: make}]
        """

    private func verdict(_ id: String, _ profile: ForgejoProfile, context: EvaluationContext? = nil) throws
        -> SchedulingVerdict
    {
        let job = try #require(try PlanningFixture.workflow(Self.workflowText).job(id))
        return try SchedulingVerdict(for: job, under: profile, context: context)
    }

    @Test(arguments: ForgejoProfile.all)
    func jobsWithLabelsRunOnThem(profile: ForgejoProfile) throws {
        #expect(try verdict("build", profile) == .runsOn(labels: ["docker", "amd64"]))
    }

    @Test func aCallWithoutRunsOnDependsOnTheRelease() throws {
        #expect(try verdict("call", .forgejo11) == .neverScheduled(
            reason: "Forgejo 11 schedules no run: the job calls a reusable workflow without runs-on"))
        #expect(try verdict("call", .forgejo15) == .expandedByServer(workflow: "./.forgejo/workflows/callee.yml"))
    }

    @Test(arguments: ForgejoProfile.all)
    func aCallWithRunsOnIsOneTask(profile: ForgejoProfile) throws {
        #expect(try verdict("call-on-runner", profile)
                == .runsCalledWorkflowInOneTask(labels: ["docker"], workflow: "./.forgejo/workflows/callee.yml"))
    }

    @Test(arguments: ForgejoProfile.all)
    func jobsWithoutLabelsAreNeverScheduled(profile: ForgejoProfile) throws {
        let expected = SchedulingVerdict.neverScheduled(reason: "\(profile) schedules no run: the job's runs-on names "
                                                        + "no label, and a job without labels matches no runner")
        #expect(try verdict("no-labels", profile) == expected)
        #expect(try verdict("no-runs-on", profile) == expected)
    }

    @Test func expressionsShowAsWrittenUntilEvaluated() throws {
        #expect(try verdict("computed", .forgejo11) == .runsOn(labels: ["${{ matrix.os }}"]))
        let context = EvaluationContext(contexts: [
            "matrix": ["os": "ubuntu-latest"], "vars": ["LABELS": #"["lxc", "arm64"]"#],
        ])
        #expect(try verdict("computed", .forgejo11, context: context) == .runsOn(labels: ["ubuntu-latest"]))
        #expect(try verdict("computed-list", .forgejo11, context: context)
                == .runsOn(labels: ["lxc", "arm64", "extra"]))
    }

    @Test func anEmptyEvaluatedLabelIsNoLabel() throws {
        let context = EvaluationContext(contexts: ["matrix": [:]])
        #expect(try verdict("computed", .forgejo11, context: context) == .neverScheduled(
            reason: "Forgejo 11 schedules no run: the job's runs-on names no label, and a job without labels matches "
                + "no runner"))
    }

    @Test func anObjectIsNoLabel() throws {
        let context = EvaluationContext(contexts: ["matrix": ["os": ["name": "linux"]]])
        let error = #expect(throws: PlanningError.self) { try verdict("computed", .forgejo11, context: context) }
        #expect(error?.message == "runs-on of job \"computed\": ${{ matrix.os }} gives an object; it must give a label "
                + "or a list of labels")
        #expect(error?.position == "17:14")
    }

    @Test func descriptionsForDryRuns() {
        #expect(SchedulingVerdict.runsOn(labels: ["docker", "amd64"]).description
                == "runs on a runner labelled docker, amd64")
        #expect(SchedulingVerdict.neverScheduled(reason: "why").description == "0 runs: why")
        #expect(SchedulingVerdict.expandedByServer(workflow: "./w.yml").description
                == "expanded by the server into the jobs of ./w.yml")
        #expect(SchedulingVerdict.runsCalledWorkflowInOneTask(labels: ["docker"], workflow: "./w.yml").description
                == "one task on a runner labelled docker runs every job of ./w.yml")
    }
}
