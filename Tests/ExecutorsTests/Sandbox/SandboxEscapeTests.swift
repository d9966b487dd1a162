import Foundation
import Testing
@testable import Executors

/// Each test tries one way out of a sandbox and expects it to fail, then checks that the host saw nothing.
@Suite(.serialized, .enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason))
struct SandboxEscapeTests {
    static let native = SandboxSpec(image: .native)
    static let busybox = LocalSandboxTests.busybox

    @Test func hostShadowFileIsUnreadable() async throws {
        try await SandboxTestHost.withSandbox(Self.native) { sandbox, id in
            let result = try await sandbox.run(id, "cat /etc/shadow")
            #expect(!result.status!.succeeded)
            #expect(!result.output.contains("root:"))
            #expect(result.errors.contains("Permission denied"))
        }
    }

    /// The runner's `.runner` holds its token, readable only by its owner (0600). Even with the host's own files
    /// as the image, a job sees them owned by nobody and cannot read it.
    @Test func runnerCredentialsAreUnreadable() async throws {
        let folder = "/var/tmp/swift-runner-escape-" + UUID().uuidString
        let token = "token-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/.runner", contents: Data("{\"token\": \"\(token)\"}".utf8),
                                       attributes: [.posixPermissions: 0o600])
        try await SandboxTestHost.withSandbox(Self.native) { sandbox, id in
            let result = try await sandbox.run(id, "ls -ln \(folder)/.runner; cat \(folder)/.runner")
            #expect(!result.status!.succeeded)
            #expect(!result.output.contains(token) && !result.errors.contains(token))
            #expect(result.output.contains(" 65534 "), "owned by nobody inside: \(result.output)")
        }
    }

    @Test func hostProcessesAreInvisible() async throws {
        try await SandboxTestHost.withSandbox(Self.native) { sandbox, id in
            let result = try await sandbox.run(id, "ls /proc | grep -c '^[0-9]'; tr '\\0' ' ' < /proc/1/cmdline")
            let lines = result.output.split(separator: "\n")
            // The idle init, the shell, ls, grep, tr: a handful, never the host's hundreds.
            #expect((Int(lines.first ?? "") ?? 999) < 10, "\(result.output)")
            #expect(lines.last?.contains("sleep 3600") == true)
            #expect(try await sandbox.run(id, "kill -0 \(getpid())").status != .exited(0))
        }
    }

    @Test func writesOutsideTheUpperLayerAndWorkspaceFail() async throws {
        let name = "escape-" + UUID().uuidString
        try await SandboxTestHost.withSandbox(Self.native) { sandbox, id in
            for target in ["/\(name)", "/etc/\(name)", "/usr/bin/\(name)"] {
                let result = try await sandbox.run(id, "echo x > \(target)")
                #expect(!result.status!.succeeded, "\(target)")
                #expect(!FileManager.default.fileExists(atPath: target), "\(target) appeared on the host")
            }
            #expect(try await sandbox.run(id, "echo x > /tmp/\(name) && cat /tmp/\(name)").output == "x\n")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(name)"))

        // In an image the sandbox's root owns, writes land in the upper layer: never in the image or on the host.
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            #expect(try await sandbox.run(id, "echo x > /\(name) && cat /\(name)").output == "x\n")
            let image = try await sandbox.images.layers(for: BusyboxImages.reference)
            #expect(!FileManager.default.fileExists(atPath: image.layerDirectories[0] + "/" + name))
            #expect(!FileManager.default.fileExists(atPath: "/" + name))
        }
    }

    @Test func mountAndNewUserNamespacesFail() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let mount = try await sandbox.run(id, "mount -t tmpfs none /mnt")
            #expect(!mount.status!.succeeded)
            #expect(mount.errors.contains("not permitted") || mount.errors.contains("permission denied"), "\(mount.errors)")
            let remount = try await sandbox.run(id, "mount -o remount,rw /proc/sys")
            #expect(!remount.status!.succeeded)
            let unshare = try await sandbox.run(id, "unshare -U -r id")
            #expect(!unshare.status!.succeeded)
            #expect(unshare.errors.contains("not permitted"), "\(unshare.errors)")
        }
    }

    @Test func moduleLoadFails() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let result = try await sandbox.run(id, "head -c 4096 /dev/zero > /tmp/evil.ko; insmod /tmp/evil.ko")
            #expect(!result.status!.succeeded)
            #expect(result.errors.contains("not permitted"), "\(result.errors)")
        }
    }

    @Test func forkBombIsBoundedByThePidsLimit() async throws {
        var spec = Self.busybox
        spec.limits = ResourceLimits(memoryBytes: 256 << 20, pids: 64, cpus: 0.5)
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let pids = "/sys/fs/cgroup/\(sandbox.facts.cgroupMode == .v2 ? "" : "pids/")swift-runner/\(id.rawValue)/pids.current"
            // The shell gives up when fork fails; the exec ends, and the sandbox holds at most its limit.
            let filled = try await sandbox.run(id, "for i in $(seq 200); do sleep 60 </dev/null >/dev/null 2>&1 & done")
            #expect(filled.errors.contains("fork"), "\(filled.errors)")
            #expect((Int(HostFacts.readTrimmed(pids) ?? "") ?? 999) <= 64)

            try await sandbox.signal(id, SIGTERM)  // the sleeps go; the idle init has no handler and stays
            let bomb = try await sandbox.run(id, "bomb() { bomb | bomb & }; bomb >/dev/null 2>&1 </dev/null")
            #expect(bomb.status != nil)
            #expect((Int(HostFacts.readTrimmed(pids) ?? "") ?? 999) <= 64)
            // The host still starts processes while the bomb runs.
            #expect(try ChildProcess.run(["/bin/true"], input: nil) { _, _ in } == .exited(0))
        }
    }

    @Test func memoryBombIsKilled() async throws {
        var spec = Self.busybox
        spec.limits = ResourceLimits(memoryBytes: 64 << 20, pids: 64)
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let result = try await sandbox.run(id, ExecRequest(arguments: ["dd", "if=/dev/zero", "of=/dev/null", "bs=512M", "count=1"]))
            #expect(result.status == .signaled(9), "\(result.errors)")
            #expect(try await sandbox.run(id, "echo alive").output == "alive\n")
        }
    }

    @Test func setuidBinaryGainsNothing() async throws {
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let setup = try await sandbox.run(id, "mkdir /root/suid && cp /bin/busybox /root/suid/cat && chmod 4755 /root/suid/cat && chmod 755 /root /root/suid")
            #expect(setup.status == .exited(0), "\(setup.errors)")
            let result = try await sandbox.run(id, "/root/suid/cat /proc/self/status", user: "1001:1001")
            #expect(result.output.contains("Uid:\t1001\t1001\t1001\t1001"), "\(result.output)")
            #expect(result.output.contains("NoNewPrivs:\t1"), "\(result.output)")
        }
    }

    @Test func ptraceOfOtherProcessesFails() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "the native image needs python3 for ctypes")
        try await SandboxTestHost.withSandbox(Self.native) { sandbox, id in
            let script = """
                import ctypes, os, sys
                libc = ctypes.CDLL(None, use_errno=True)
                for pid in (1, int(sys.argv[1])):
                    print(pid, libc.ptrace(16, pid, 0, 0), os.strerror(ctypes.get_errno()))
                """
            let result = try await sandbox.run(id, ExecRequest(arguments: ["/usr/bin/python3", "-c", script, String(getpid())]))
            #expect(result.output == "1 -1 Operation not permitted\n\(getpid()) -1 Operation not permitted\n", "\(result.errors)")
        }
    }

    @Test func networkNoneCannotReachHostLoopback() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        try await SandboxTestHost.withSandbox(Self.busybox) { sandbox, id in
            let result = try await sandbox.run(id, "ip -o addr | grep -v ' lo '; nc -w 2 127.0.0.1 \(listener.port) </dev/null")
            #expect(!result.status!.succeeded)
            #expect(result.output.isEmpty, "interfaces besides lo: \(result.output)")
            #expect(!listener.hasPendingConnection())
        }
    }
}

/// A TCP listener on the host's 127.0.0.1, on a free port, that never accepts: it only tells whether anyone knocked.
final class LoopbackListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        if !bound { _ = Glibc.close(fd) }
        try #require(bound, "could not listen on 127.0.0.1")
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func hasPendingConnection() -> Bool {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        return poll(&descriptors, 1, 0) > 0
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
