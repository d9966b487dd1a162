import Foundation
import Testing
@testable import Executors

/// Lifecycle, output, exit status, copying and limits of `LocalSandbox`, with the native image and a busybox rootfs.
@Suite(.serialized, .enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason))
struct LocalSandboxTests {
    static let busybox = SandboxSpec(image: .registry(BusyboxImages.reference))

    @Test(arguments: [SandboxSpec(image: .native), busybox])
    func createExecDestroy(spec: SandboxSpec) async throws {
        try await SandboxTestHost.withLocalSandbox { sandbox in
            let id = try await sandbox.create(spec)
            let layout = SandboxLayout(stateDirectory: sandbox.configuration.stateDirectory, id: id)
            let result = try await sandbox.run(id, "id -u; echo to-err >&2; exit 3")
            #expect(result.output == "0\n")
            #expect(result.errors == "to-err\n")
            #expect(result.status == .exited(3))
            #expect(result.events.last == .exit(.exited(3)))

            try await sandbox.destroy(id)
            try await sandbox.destroy(id)  // twice is fine
            #expect(!FileManager.default.fileExists(atPath: layout.directory))
            #expect(!(try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)).contains(layout.rootfs))
            await #expect(throws: SandboxError.self) { _ = try await sandbox.run(id, "true") }
        }
    }

    @Test func outputStreamsStaySeparateAndInOrder() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let result = try await sandbox.run(id, "for i in 1 2 3; do echo out$i; echo err$i >&2; done")
            #expect(result.output == "out1\nout2\nout3\n")
            #expect(result.errors == "err1\nerr2\nerr3\n")
        }
    }

    @Test func standardInputEnvironmentDirectoryAndUser() async throws {
        var spec = Self.busybox
        spec.environment = ["JOB": "from-spec", "SHARED": "spec"]
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let input = Array((0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
            let echoed = try await sandbox.run(id, ExecRequest(arguments: ["cat"], standardInput: input))
            #expect(echoed.standardOutput == input)

            let request = ExecRequest(arguments: ["/bin/sh", "-c", "echo $JOB $SHARED $STEP; pwd; id -u; id -g"],
                                      environment: ["SHARED": "request", "STEP": "1"], workingDirectory: "/home/runner",
                                      user: "runner")
            let result = try await sandbox.run(id, request)
            #expect(result.output == "from-spec request 1\n/home/runner\n1001\n1001\n")
            #expect(try await sandbox.run(id, "id -u", user: "1001:0").output == "1001\n")
            await #expect(throws: SandboxError.self) { _ = try await sandbox.run(id, "true", user: "nobody-here") }
        }
    }

    @Test func exitCodesAndSignals() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            #expect(try await sandbox.run(id, "true").status == .exited(0))
            #expect(try await sandbox.run(id, "exit 42").status == .exited(42))
            #expect(try await sandbox.run(id, "kill -9 $$").status == .signaled(9))

            // `signal` reaches the job's processes; the sandbox itself stays.
            let sleeper = Task { try await sandbox.run(id, "exec sleep 60") }
            try await Task.sleep(for: .milliseconds(300))
            try await sandbox.signal(id, SIGTERM)
            #expect(try await sleeper.value.status == .signaled(SIGTERM))
            #expect(try await sandbox.run(id, "echo alive").output == "alive\n")
        }
    }

    @Test func abandoningAnExecKillsItsCommand() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let pid = try await firstOutputThenAbandon(sandbox.exec(id, ExecRequest(arguments: ["sh", "-c", "echo $$; exec sleep 30"])))
            #expect(Int(pid) != nil)
            #expect(await eventually { (try? await sandbox.run(id, "kill -0 \(pid)").status) == .exited(1) },
                    "the abandoned command (pid \(pid) in the sandbox) still runs")
        }
    }

    @Test func ownedDirectoriesAreWritableEvenOverTheHostsRoot() async throws {
        var spec = SandboxSpec(image: .native)
        spec.ownedDirectories = ["/workspace", "/run/swift-runner"]
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let result = try await sandbox.run(id, "mkdir -p /workspace/owner/repo /run/swift-runner/temp && echo ok > /workspace/owner/repo/f && cat /workspace/owner/repo/f")
            #expect(result.output == "ok\n", "\(result.errors)")
            #expect(try await sandbox.run(id, "mkdir /elsewhere").status != .exited(0), "the host's / stays read-only to the job")
        }
        await #expect(throws: SandboxError.self) {
            try await SandboxTestHost.withLocalSandbox { sandbox in
                var escaping = SandboxSpec(image: .native)
                escaping.ownedDirectories = ["/workspace/../etc"]
                _ = try await sandbox.create(escaping)
            }
        }
    }

    @Test func copyInAndOutRoundTrip() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let host = NSTemporaryDirectory() + "swift-runner-copy-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: host) }
            try FileManager.default.createDirectory(atPath: host + "/in/sub", withIntermediateDirectories: true)
            try "hello\n".write(toFile: host + "/in/a.txt", atomically: false, encoding: .utf8)
            try "nested\n".write(toFile: host + "/in/sub/b.txt", atomically: false, encoding: .utf8)
            let archive = try hostTar(["-c", "-f", "-", "-C", host, "in"])

            try await sandbox.copyIn(id, path: "/work/dest", tar: archive)
            #expect(try await sandbox.run(id, "cat /work/dest/in/a.txt /work/dest/in/sub/b.txt").output == "hello\nnested\n")

            let back = try await sandbox.copyOut(id, path: "/work/dest/in")
            try FileManager.default.createDirectory(atPath: host + "/out", withIntermediateDirectories: true)
            _ = try hostTar(["-x", "-f", "-", "-C", host + "/out"], input: back)
            #expect(try String(contentsOfFile: host + "/out/in/sub/b.txt", encoding: .utf8) == "nested\n")
            await #expect(throws: SandboxError.self) { _ = try await sandbox.copyOut(id, path: "/no/such/path") }
        }
    }

    @Test func workspaceMountIsSharedWithTheHost() async throws {
        let workspace = NSTemporaryDirectory() + "swift-runner-ws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try "from host\n".write(toFile: workspace + "/in.txt", atomically: false, encoding: .utf8)
        var spec = Self.busybox
        spec.mounts = [Mount(hostPath: workspace, sandboxPath: "/workspace")]
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let result = try await sandbox.run(id, "cat /workspace/in.txt && echo from-sandbox > /workspace/out.txt")
            #expect(result.output == "from host\n")
            #expect(try String(contentsOfFile: workspace + "/out.txt", encoding: .utf8) == "from-sandbox\n")
            let owner = try FileManager.default.attributesOfItem(atPath: workspace + "/out.txt")[.ownerAccountID] as? NSNumber
            #expect(owner?.uint32Value == LocalSandbox.idMapBase)
        }
    }

    @Test func limitsAreSetInTheSandboxCgroup() async throws {
        var spec = Self.busybox
        spec.limits = ResourceLimits(memoryBytes: 96 << 20, pids: 50, cpus: 0.5)
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let info = try await sandbox.info()
            #expect(info.cgroupMode == (try HostFacts.cgroupMode(root: "/sys/fs/cgroup")).rawValue)
            #expect(info.userNamespaces)
            #expect(info.freeDiskBytes > 0)
            let cgroup = "swift-runner/\(id.rawValue)"
            if sandbox.facts.cgroupMode == .v2 {
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/\(cgroup)/pids.max") == "50")
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/\(cgroup)/memory.max") == String(96 << 20))
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/\(cgroup)/cpu.max") == "50000 100000")
            } else {
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/pids/\(cgroup)/pids.max") == "50")
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/memory/\(cgroup)/memory.limit_in_bytes") == String(96 << 20))
                #expect(HostFacts.readTrimmed("/sys/fs/cgroup/cpu/\(cgroup)/cpu.cfs_quota_us") == "50000")
            }
        }
    }

    @Test func runcIsTheAlternative() async throws {
        try #require(HostFacts.executablePath(named: "runc") != nil, "runc is not installed (apt-get install runc)")
        try await SandboxTestHost.withLocalSandbox(runtime: .runc) { sandbox in
            try await SandboxTestHost.withSandbox(Self.busybox, in: sandbox) { id in
                let result = try await sandbox.run(id, "id -u; exit 5")
                #expect(result.output == "0\n")
                #expect(result.status == .exited(5))
            }
        }
    }

    @Test func nativeIsRefusedWhenTheHostDoesNotOfferIt() async throws {
        let root = NSTemporaryDirectory() + "swift-runner-refuse-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try LocalSandbox(images: BusyboxImages(directory: root + "/images"),
                                       configuration: .init(stateDirectory: root + "/state", runtimeStateDirectory: root + "/runtime",
                                                            allowNative: false))
        await #expect(throws: SandboxError(.refused, "this host does not offer the `native` image: ask for a registry image (docker://IMAGE)")) {
            _ = try await sandbox.create(SandboxSpec(image: .native))
        }
    }
}

/// Runs the host's tar (not inside any sandbox) and returns its standard output.
func hostTar(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
    var output: [UInt8] = []
    let status = try ChildProcess.run(["/usr/bin/tar"] + arguments, input: input) { stream, bytes in
        if stream == .standardOutput { output += bytes }
    }
    #expect(status.succeeded, "tar \(arguments)")
    return output
}
