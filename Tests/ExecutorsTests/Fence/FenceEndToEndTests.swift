import Foundation
import RunnerCore
import Testing
import TestSupport
@testable import Executors

/// The whole path: FenceClient → ssh → sshd in the fence namespace → forced `swift-runner fence serve --stdio` →
/// HostSandbox. Serialized: the tests share the one fence host.
@Suite(.serialized, .enabled(if: FenceTestBed.isRoot, FenceTestBed.skipReason), FenceTestBed())
struct FenceEndToEndTests {
    @Test func manyConcurrentExecsShareOneSSHConnection() async throws {
        let client = FenceTestBed.client()
        let id = try await client.create(SandboxSpec(image: .native))
        let ssh = await client.connectionProcessID
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask { try await collect(client.exec(id, ExecRequest(arguments: ["echo", "\(index)"]))).output }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(outputs == Set((0..<50).map { "\($0)\n" }))
        #expect(await client.connectionProcessID == ssh, "the execs opened another connection")
        try await client.destroy(id)
        await client.close()
    }

    @Test func aKilledConnectionFailsCallsInFlightReconnectsAndLeavesNoOrphans() async throws {
        let client = FenceTestBed.client()
        let id = try await client.create(SandboxSpec(image: .native))
        var running = client.exec(id, ExecRequest(arguments: ["sh", "-c", "echo $$; exec sleep 60"])).makeAsyncIterator()
        guard case .standardOutput(let pidText)? = try await running.next(),
              let sleeper = Int32(String(decoding: pidText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { Issue.record("the exec did not print its pid"); return }
        let sandboxDirectory = FenceTestBed.sandboxes + "/" + id.rawValue
        #expect(FileManager.default.fileExists(atPath: sandboxDirectory))

        let ssh = try #require(await client.connectionProcessID)
        kill(ssh, SIGKILL)
        await expectSandboxError(.connectionLost, containing: "was lost") { _ = try await running.next() }

        // sshd sees the connection drop, the agent sees end of file and destroys the connection's sandboxes.
        #expect(await eventually { !FileManager.default.fileExists(atPath: sandboxDirectory) && !isRunning(sleeper) },
                "the dead connection's sandbox or its sleep survived")

        let info = try await client.info()  // reconnects
        #expect(info.runtime.hasPrefix("host"))
        #expect(await client.connectionProcessID != ssh)
        await client.close()
    }

    @Test func fenceCheckPassesOnAReadyHost() throws {
        let result = try runBinary(["fence", "check", "\(FenceTestBed.target)", "--key", FenceTestBed.clientKey,
                                    "--known-hosts", FenceTestBed.knownHosts, "--min-free-disk", "0.01"])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == FenceCheck.names.count)
        #expect(lines.allSatisfy { $0.hasPrefix("ok  ") }, "\(result.output)")
        #expect(result.output.contains("fence handshake  swift-runner"))
    }

    @Test func fenceCheckFailsOnAnUnpinnedHostKey() throws {
        let otherHosts = FenceTestBed.state + "/fence/other_known_hosts"
        try "[10.200.0.2]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbm9Jcl6E3DnUiuvJIHQlH1P6QJRtwn2qTlqgWVVE7S\n"
            .write(toFile: otherHosts, atomically: true, encoding: .utf8)
        let result = try runBinary(["fence", "check", "\(FenceTestBed.target)", "--key", FenceTestBed.clientKey,
                                    "--known-hosts", otherHosts])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("FAIL  ssh"), "\(result.output)")
        #expect(result.output.contains("not checked: ssh failed"))
    }

    /// Not a pass/fail test: prints the round trip of `true` on a warm connection (target p50 ≤ 15 ms).
    @Test func execRoundTripOnAWarmConnection() async throws {
        let client = FenceTestBed.client()
        let id = try await client.create(SandboxSpec(image: .native))
        var samples: [Duration] = []
        for round in 0..<220 {
            let start = ContinuousClock.now
            let result = try await collect(client.exec(id, ExecRequest(arguments: ["true"])))
            if round >= 20 { samples.append(ContinuousClock.now - start) }
            #expect(result.status == Executors.ExitStatus.exited(0))
        }
        samples.sort()
        let p50 = samples[samples.count / 2]
        let p95 = samples[samples.count * 95 / 100]
        func milliseconds(_ duration: Duration) -> String {
            String(format: "%.2f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1e3)
        }
        // A figure for scripts/bench-fence, not a check: timings belong to benchmarks.
        print("fence exec round trip of `true` (\(samples.count) runs, warm connection): p50 \(milliseconds(p50)), "
              + "p95 \(milliseconds(p95))")
        try await client.destroy(id)
        await client.close()
    }

    /// config.yaml's fence section for the test bed: its host, reached with the key whose forced command is the
    /// production agent (`fence serve --runtime oci`), as the default pool.
    static var fencePool: String {
        """
        fence:
          pools:
            testbed:
              hosts: ['ssh://root@\(FenceTestBed.target.host):\(FenceTestBed.target.port)']
              key: \(FenceTestBed.state)/fence/oci_key
              known_hosts: \(FenceTestBed.knownHosts)
          default_pool: testbed

        """
    }

    /// The runner's side of the product: `exec` with a config whose default fence pool is the test bed, so the
    /// `docker://` job runs in a LocalSandbox of the fence agent over SSH (workspace copied in, steps, file commands).
    @Test func execRunsADockerLabelJobOnTheDefaultFencePool() throws {
        let repository = FenceTestBed.state + "/repo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: repository + "/.forgejo/workflows", withIntermediateDirectories: true)
        try Data("made on the runner\n".utf8).write(to: URL(fileURLWithPath: repository + "/NOTE"))
        try Data("""
            on: push
            jobs:
              remote:
                runs-on: docker
                steps:
                  - id: where
                    run: |
                      cat NOTE
                      echo "uid=$(id -u)" >> "$GITHUB_OUTPUT"
                  - run: echo "sandbox uid ${{ steps.where.outputs.uid }}, uid map $(awk '{print $1, $2, $3}' /proc/self/uid_map)"
            """.utf8).write(to: URL(fileURLWithPath: repository + "/.forgejo/workflows/ci.yml"))
        let config = repository + "/config.yaml"
        try Data(("runner:\n  labels: ['docker:docker://native']\n" + Self.fencePool).utf8).write(to: URL(fileURLWithPath: config))
        let result = try FenceTestBed.runCapturing("/bin/sh", ["-c", "cd \"$0\" && exec \"$1\" exec --config \"$2\" --state-directory \"$0/.state\"",
                                                               repository, FenceTestBed.binary, config])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("on fence host ssh://root@\(FenceTestBed.target.host):\(FenceTestBed.target.port) (pool testbed)"))
        #expect(result.output.contains("made on the runner"))
        #expect(result.output.contains("sandbox uid 0, uid map 0 100000 65536"), "\(result.output)")
    }

    /// The runner as deployed: `one-job` takes a `runs-on: docker` task from a Forgejo (the fake, speaking the real
    /// protocol) and runs it in a sandbox of the fence host's agent; result, steps and masked log reach the server.
    @Test func oneJobRunsAForgejoTaskOnTheFenceHost() throws {
        let forgejo = try FakeForgejo()
        let runner = forgejo.addRunner(name: "fenced", labels: ["docker"])
        let folder = FenceTestBed.state + "/runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try RunnerFile(id: runner.id, uuid: runner.uuid, name: runner.name, token: runner.token, address: forgejo.instance.url,
                       labels: ["docker:docker://native"]).write(to: folder + "/.runner")
        try Data(("runner:\n  file: \(folder)/.runner\n  fetch_interval: 100ms\n  report_interval: 200ms\n" + Self.fencePool).utf8)
            .write(to: URL(fileURLWithPath: folder + "/config.yaml"))
        let task = Runner_V1_Task.forTests(payload: """
            on: push
            jobs:
              build:
                runs-on: docker
                steps:
                  - run: echo "in the sandbox as $(id -u), mapped $(awk '{print $2}' /proc/self/uid_map), key ${{ secrets.KEY }}"
            """, secrets: ["KEY": "fence-secret"])
        let id = forgejo.enqueue(task: task, labels: ["docker"])
        let result = try FenceTestBed.runCapturing("/bin/sh", ["-c", "cd \"$0\" && exec \"$1\" one-job --config config.yaml --state-directory state",
                                                               folder, FenceTestBed.binary])
        #expect(result.status == 0, "\(result.output)")
        let rows = forgejo.logs(of: id).map(\.content)
        #expect(rows.contains { $0.contains("on fence host ssh://root@\(FenceTestBed.target.host)") }, "\(rows)")
        #expect(rows.contains("in the sandbox as 0, mapped 100000, key ***"), "\(rows)")
        #expect(forgejo.state(of: id)?.result == .success)
        #expect(forgejo.state(of: id)?.steps.map(\.result) == [.success])
    }

    private func runBinary(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try FenceTestBed.runCapturing(FenceTestBed.binary, arguments)
    }
}
