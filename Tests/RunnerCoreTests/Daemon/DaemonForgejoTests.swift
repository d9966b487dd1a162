import Foundation
import Logging
import Testing
import TestSupport
@testable import RunnerCore

/// The daemon against the fake Forgejo (Connect + protobuf on 127.0.0.1): tasks fetched, run on the host label,
/// their masked logs, steps, outputs and results delivered, through faults and cancellations.
@Suite struct DaemonForgejoTests {
    struct Setup {
        let fake: FakeForgejo
        let daemon: RunnerDaemon
        let scratch: TemporaryDirectory
    }

    private func setUp(capacity: Int = 1, reportInterval: Duration = .milliseconds(100)) throws -> Setup {
        let scratch = try TemporaryDirectory()
        let fake = try FakeForgejo()
        let runner = fake.addRunner(labels: ["shell"])
        let service = ForgejoTaskService(client: ConnectClient(instance: fake.instance, credentials: runner.credentials),
                                         fetchTimeout: .seconds(1))
        let daemon = RunnerDaemon(source: service, reporting: service, labels: [RunnerLabel(name: "shell", schema: .host)],
                                  providers: SandboxProviders(settings: .init(stateDirectory: scratch.path + "/state"), software: "tests"),
                                  settings: .forTests(capacity: capacity, fetchInterval: .milliseconds(50), reportInterval: reportInterval),
                     stateDirectory: scratch.path + "/state", runnerName: "test-runner",
                                  logger: Logger(label: "test"))
        return Setup(fake: fake, daemon: daemon, scratch: scratch)
    }

    /// A task the way Forgejo sends one: the single-job payload, a context with the default actions URL, secrets.
    static func task(_ steps: String, outputs: String = "", secrets: [String: String] = [:],
                     needs: [String: Runner_V1_TaskNeed] = [:]) -> Runner_V1_Task {
        var task = Runner_V1_Task.forTests(payload: """
            name: ci
            on: push
            jobs:
              build:
                runs-on: shell
            \(outputs)
                steps:
            \(steps)
            """, secrets: secrets, token: "job-token-123")
        task.needs = needs
        return task
    }

    @Test func aTaskRunsAndItsMaskedLogStepsOutputsAndResultReachTheServer() async throws {
        let setup = try setUp()
        var need = Runner_V1_TaskNeed()
        need.result = .success
        need.outputs = ["version": "1.2"]
        let id = setup.fake.enqueue(task: Self.task("""
                  - id: say
                    run: |
                      echo "secret ${{ secrets.DEPLOY_KEY }} token ${{ secrets.GITHUB_TOKEN }} ${{ github.token }}"
                      echo "needed ${{ needs.setup.outputs.version }} ${{ needs.setup.result }}"
                      echo "answer=42" >> "$GITHUB_OUTPUT"
                  - run: echo second step
            """, outputs: "    outputs:\n      answer: ${{ steps.say.outputs.answer }}", secrets: ["DEPLOY_KEY": "hunter2"],
            needs: ["setup": need]), labels: ["shell"])
        let result = await setup.daemon.runOne()
        #expect(result?.outcome == .success)
        let rows = setup.fake.logs(of: id).map(\.content)
        #expect(rows.contains("secret *** token *** ***"))
        #expect(rows.contains("needed 1.2 success"))
        #expect(!rows.joined().contains("hunter2") && !rows.joined().contains("job-token-123"))
        #expect(setup.fake.isLogArchived(task: id))
        let state = try #require(setup.fake.state(of: id))
        #expect(state.result == .success && state.hasStoppedAt)
        #expect(state.steps.map(\.result) == [.success, .success])
        let first = state.steps[0]
        #expect(rows[Int(first.logIndex)..<Int(first.logIndex + first.logLength)].contains("needed 1.2 success"))
        #expect(setup.fake.outputs(of: id) == ["answer": "42"])
    }

    @Test func failingAndDroppedCallsLoseNoRowAndRepeatNone() async throws {
        let setup = try setUp(reportInterval: .milliseconds(30))
        let id = setup.fake.enqueue(task: Self.task("      - run: for i in $(seq 1 300); do echo row-$i; done; sleep 0.3; echo done\n"),
                                    labels: ["shell"])
        setup.fake.inject(.httpStatus(500), method: .updateLog, times: 2)
        setup.fake.inject(.dropAnswer, method: .updateLog, times: 1)
        setup.fake.inject(.httpStatus(503), method: .updateTask, times: 3)
        setup.fake.inject(.dropRequest, method: .updateTask, times: 1)
        let result = await setup.daemon.runOne()
        #expect(result?.outcome == .success)
        let rows = setup.fake.logs(of: id).map(\.content).filter { $0.hasPrefix("row-") }
        #expect(rows == (1...300).map { "row-\($0)" })
        #expect(setup.fake.state(of: id)?.result == .success)
    }

    /// The outage: Forgejo answers nothing but 503 for 30 s while the job runs and finishes; its rows and
    /// final state wait and arrive, in order and once, when the instance is back.
    @Test func anOutageOfThirtySecondsMidJobLosesNothing() async throws {
        let setup = try setUp(reportInterval: .milliseconds(200))
        let id = setup.fake.enqueue(task: Self.task("""
                  - run: for i in $(seq 1 50); do echo before-$i; done; sleep 1
                  - run: for i in $(seq 1 2000); do echo during-$i; done
            """), labels: ["shell"])
        let fake = setup.fake
        let outage = Task {
            for _ in 0..<200 {
                if fake.logs(of: id).contains(where: { $0.content == "before-50" }) { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            fake.goDown()
            try? await Task.sleep(for: .seconds(30))
            fake.clearFaults()
        }
        let result = await setup.daemon.runOne()
        await outage.value
        #expect(result?.outcome == .success)
        let rows = setup.fake.logs(of: id).map(\.content)
        #expect(rows.filter { $0.hasPrefix("before-") } == (1...50).map { "before-\($0)" })
        #expect(rows.filter { $0.hasPrefix("during-") } == (1...2000).map { "during-\($0)" })
        #expect(setup.fake.state(of: id)?.result == .success && setup.fake.isLogArchived(task: id))
    }

    @Test func capacityTwoRunsTwoTasksAtOnce() async throws {
        let setup = try setUp(capacity: 2)
        let first = setup.fake.enqueue(task: Self.task("      - run: sleep 1.5\n"), labels: ["shell"])
        let second = setup.fake.enqueue(task: Self.task("      - run: sleep 1.5\n"), labels: ["shell"])
        let fake = setup.fake
        let daemon = setup.daemon
        let stopper = Task {
            for _ in 0..<300 {
                if fake.state(of: first)?.hasStoppedAt == true, fake.state(of: second)?.hasStoppedAt == true { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            daemon.shutdown()
        }
        await daemon.run()
        await stopper.value
        let states = try [first, second].map { try #require(setup.fake.state(of: $0)) }
        #expect(states.allSatisfy { $0.result == .success })
        let overlap = states[0].startedAt.date < states[1].stoppedAt.date && states[1].startedAt.date < states[0].stoppedAt.date
        #expect(overlap, "both tasks ran at the same time")
    }

    @Test func aTaskCancelledOnTheServerStopsAndStillRunsItsCleanUp() async throws {
        let setup = try setUp(reportInterval: .milliseconds(50))
        let id = setup.fake.enqueue(task: Self.task("""
                  - run: echo started; sleep 30
                  - if: always()
                    run: echo cleaning up
            """), labels: ["shell"])
        let fake = setup.fake
        let canceller = Task {
            for _ in 0..<200 {
                if fake.logs(of: id).contains(where: { $0.content == "started" }) { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            fake.cancel(task: id)
        }
        let result = await setup.daemon.runOne()
        await canceller.value
        #expect(result?.outcome == .cancelled)
        #expect(setup.fake.logs(of: id).contains { $0.content == "cleaning up" })
    }
}
