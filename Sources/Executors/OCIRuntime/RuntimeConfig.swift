import Foundation

/// The part of the OCI runtime spec's `config.json` a sandbox uses (field names as in the spec, version 1.0).
struct RuntimeConfig: Encodable {
    var ociVersion = "1.0.2"
    var process: Process
    var root: Root
    var hostname: String
    var mounts: [MountEntry]
    var linux: Linux

    struct Process: Encodable {
        var terminal = false
        var user: User
        var args: [String]
        var env: [String]
        var cwd: String
        var capabilities: Capabilities
        var noNewPrivileges = true
        var rlimits: [Rlimit]
    }

    struct User: Encodable {
        var uid: UInt32
        var gid: UInt32
    }

    struct Capabilities: Encodable {
        var bounding: [String]
        var effective: [String]
        var permitted: [String]
        var inheritable: [String] = []
        var ambient: [String] = []
    }

    struct Rlimit: Encodable {
        var type: String
        var hard: UInt64
        var soft: UInt64
    }

    struct Root: Encodable {
        var path: String
        var readonly: Bool
    }

    struct MountEntry: Encodable {
        var destination: String
        var type: String
        var source: String
        var options: [String]
    }

    struct Linux: Encodable {
        var uidMappings: [IDMapping]?
        var gidMappings: [IDMapping]?
        var namespaces: [Namespace]
        var resources: Resources
        var cgroupsPath: String
        var seccomp: Seccomp
        var maskedPaths: [String]
        var readonlyPaths: [String]
    }

    struct IDMapping: Encodable {
        var containerID: UInt32
        var hostID: UInt32
        var size: UInt32
    }

    struct Namespace: Encodable {
        var type: String
        var path: String?
    }

    struct Resources: Encodable {
        var devices = [DeviceRule(allow: false, access: "rwm")]
        var pids: Pids?
        var memory: Memory?
        var cpu: CPU?
    }

    struct DeviceRule: Encodable {
        var allow: Bool
        var access: String
    }

    struct Pids: Encodable { var limit: Int64 }

    struct Memory: Encodable {
        var limit: Int64
        var swap: Int64?
    }

    struct CPU: Encodable {
        var quota: Int64
        var period: UInt64
    }

    struct Seccomp: Encodable {
        var defaultAction: String
        var architectures: [String]
        var syscalls: [SyscallRule]
    }

    struct SyscallRule: Encodable {
        var names: [String]
        var action: String
        var errnoRet: UInt?
        var args: [SyscallArgument]?
    }

    struct SyscallArgument: Encodable {
        var index: UInt
        var value: UInt64
        var valueTwo: UInt64
        var op: String
    }

    func encoded() throws(SandboxError) -> Data {
        try runtimeJSON(self, "config.json")
    }
}

extension RuntimeConfig.Process {
    /// The `--process` file of `exec`.
    func encoded() throws(SandboxError) -> Data {
        try runtimeJSON(self, "process.json")
    }
}

/// The runtime's JSON of `value`, keys sorted so that files compare across runs.
private func runtimeJSON(_ value: some Encodable, _ name: String) throws(SandboxError) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
        return try encoder.encode(value)
    } catch {
        throw SandboxError(.host, "could not encode \(name): \(error)")
    }
}
