import Foundation
import Testing
@testable import Executors

/// `fence serve --runtime oci`, the fence host's default: the agent serves LocalSandbox, so a runner's commands
/// run as root of a user namespace mapped to unprivileged host ids. The forced command is run directly by a
/// stand-in for ssh (the ssh hop itself is covered by FenceEndToEndTests).
@Suite(.enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason))
struct FenceOCIRuntimeTests {
    @Test func theAgentServesUserNamespacedSandboxes() async throws {
        let root = NSTemporaryDirectory() + "fence-oci-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let forcedCommand = root + "/ssh"
        try Data("#!/bin/sh\nexec \(FenceTestBed.binary) fence serve --stdio --runtime oci --allow-native --root \(root)/state\n".utf8)
            .write(to: URL(fileURLWithPath: forcedCommand))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: forcedCommand)
        for file in ["key", "known_hosts"] { FileManager.default.createFile(atPath: "\(root)/\(file)", contents: Data()) }
        let client = FenceClient(connector: SSHConnector(
            target: FenceTarget(user: "runner", host: "fence.invalid", port: 22), identityFile: root + "/key",
            knownHostsFile: root + "/known_hosts", sshExecutable: forcedCommand), software: "fence tests")

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
}
