import Foundation
import Testing
import TestSupport
@testable import Executors

/// `fence serve --runtime oci`, the fence host's default: the agent serves LocalSandbox, so a runner's commands
/// run as root of a user namespace mapped to unprivileged host ids. The forced command is run directly by a
/// stand-in for ssh (the ssh hop itself is covered by FenceEndToEndTests).
@Suite(.enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason))
struct FenceOCIRuntimeTests {
    /// A client whose "ssh" runs the forced command directly, with its state under `root`.
    private func client(root: String) throws -> FenceClient {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let forcedCommand = root + "/ssh"
        // Close-on-exec from the first instant: a child another test spawns meanwhile must not keep the script open
        // for writing, or starting it fails with "Text file busy".
        let script = Array("#!/bin/sh\nexec \(FenceTestBed.binary) fence serve --stdio --runtime oci --allow-native --root \(root)/state\n".utf8)
        let descriptor = open(forcedCommand, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(descriptor >= 0)
        #expect(write(descriptor, script, script.count) == script.count)
        close(descriptor)
        for file in ["key", "known_hosts"] { FileManager.default.createFile(atPath: "\(root)/\(file)", contents: Data()) }
        return FenceClient(connector: SSHConnector(
            target: FenceTarget(user: "runner", host: "fence.invalid", port: 22), identityFile: root + "/key",
            knownHostsFile: root + "/known_hosts", sshExecutable: forcedCommand), software: "fence tests")
    }

    @Test func theAgentServesUserNamespacedSandboxes() async throws {
        let root = NSTemporaryDirectory() + "fence-oci-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try client(root: root)

        let id = try await client.create(SandboxSpec(image: .native))
        let result = try await collect(client.exec(id, ExecRequest(arguments: ["/bin/sh", "-c", "id -u; cat /proc/self/uid_map"])))
        try await client.destroy(id)
        await client.close()
        #expect(result.status == .exited(0), "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "0")
        #expect(lines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                == ["0", "100000", "65536"])
    }

    /// On a hybrid host the agent hides the controller-less v2 mount from crun in a mount namespace of its own,
    /// once at start, and the host keeps its mount.
    @Test(.enabled(if: (try? HostFacts.cgroupMode(root: "/sys/fs/cgroup")) == .hybrid, "the host is not hybrid"))
    func onAHybridHostTheAgentHidesTheUnifiedMountFromItselfOnly() async throws {
        let root = NSTemporaryDirectory() + "fence-oci-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let agent = Process()
        agent.executableURL = URL(fileURLWithPath: FenceTestBed.binary)
        agent.arguments = ["fence", "serve", "--stdio", "--runtime", "oci", "--root", root]
        let input = Pipe()
        agent.standardInput = input
        agent.standardOutput = FileHandle.nullDevice
        try agent.run()
        defer {
            try? input.fileHandleForWriting.close()
            agent.stop()
        }
        let mountNamespace = { (pid: String) in try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/mnt") }
        #expect(await eventually { mountNamespace("\(agent.processIdentifier)") != mountNamespace("self") },
                "the agent stayed in the host's mount namespace")
        let agentMounts = try String(contentsOfFile: "/proc/\(agent.processIdentifier)/mountinfo", encoding: .utf8)
        #expect(!agentMounts.contains(" /sys/fs/cgroup/unified "))
        #expect(try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).contains(" /sys/fs/cgroup/unified "))
    }

    /// Whole sandboxes through the agent, as a runner uses them per job: create + exec `true` + destroy. Prints a
    /// figure for scripts/bench-fence; it checks only that every round worked.
    @Test func createExecDestroyThroughTheAgent() async throws {
        let root = NSTemporaryDirectory() + "fence-oci-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try client(root: root)
        var samples: [Duration] = []
        for round in 0..<33 {
            let start = ContinuousClock.now
            let id = try await client.create(SandboxSpec(image: .native))
            let result = try await collect(client.exec(id, ExecRequest(arguments: ["true"])))
            try await client.destroy(id)
            if round >= 3 { samples.append(ContinuousClock.now - start) }
            #expect(result.status == .exited(0), "round \(round): \(result.errors)")
        }
        await client.close()
        samples.sort()
        let milliseconds = { (duration: Duration) in
            Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        }
        print(String(format: "fence create + exec `true` + destroy (LocalSandbox, native, %d runs, through the agent "
                     + "on stdio): p50 %.1f ms, p95 %.1f ms", samples.count, milliseconds(samples[samples.count / 2]),
                     milliseconds(samples[samples.count * 95 / 100])))
    }
}
