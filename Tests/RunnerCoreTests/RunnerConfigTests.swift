import Foundation
import Executors
import Testing
@testable import RunnerCore

@Suite struct RunnerConfigTests {
    static let config = """
        forgejo_version: 11
        runner:
          labels: ['docker:docker://node:22', 'big:fence://debian:bookworm@fleet', 'shell:host', 'bare']
        fence:
          pools:
            fleet:
              hosts: ['ssh://runner@10.200.0.2:2222']
              key: /etc/swift-runner/fence_key
              known_hosts: /etc/swift-runner/known_hosts
        """

    @Test func readsLabelsAndPools() throws {
        let config = try RunnerConfig.parse(Self.config, file: "config.yaml")
        #expect(config.forgejoVersion == "11")
        let labels = try config.runnerLabels()
        #expect(labels.map(\.description) == ["docker:docker://node:22", "big:fence://debian:bookworm@fleet",
                                               "shell:host", "bare"])
        #expect(config.fencePools["fleet"]?.identityFile == "/etc/swift-runner/fence_key")
        #expect(config.defaultFencePool == nil)
    }

    @Test func placementFollowsTheSchemaAndThePools() throws {
        let config = try RunnerConfig.parse(Self.config, file: "config.yaml")
        let labels = try config.runnerLabels()
        let place = { (label: RunnerLabel, pool: String?) throws(ConfigError) in
            try SandboxPlacement.resolve(label, pools: config.fencePools, defaultPool: pool)
        }
        #expect(try place(labels[0], nil) == .local(.registry("node:22")))
        #expect(try place(labels[0], "fleet") == .fence(pool: "fleet", image: .registry("node:22")))
        #expect(try place(labels[1], nil) == .fence(pool: "fleet", image: .registry("debian:bookworm")))
        #expect(try place(labels[2], nil) == .host)
        #expect(try place(RunnerLabel(parsing: "n:docker://native"), nil) == .local(.native))
        #expect(throws: ConfigError.self) { try place(labels[3], nil) }
        #expect(throws: ConfigError.self) { try place(RunnerLabel(parsing: "x:fence://img@nowhere"), nil) }
    }

    @Test(arguments: ["x:podman://img", ":docker://img", "x:docker://", "x:fence://img", "x:fence://@pool", ""])
    func badLabelsSayWhatToWrite(text: String) {
        #expect(throws: ConfigError.self) { try RunnerLabel(parsing: text) }
    }

    @Test func registrySettings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passwordFile = folder.appendingPathComponent("password").path
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        let config = try RunnerConfig.parse("""
            registries:
              insecure: ['registry.lan:5000']
              credentials:
                registry.lan:5000: {username: ci, password_file: \(passwordFile)}
                ghcr.example: {username: bot, password: inline}
            """, file: "c.yaml")
        let settings = try config.registrySettings()
        #expect(settings.insecureRegistries == ["registry.lan:5000"])
        #expect(settings.credentials["registry.lan:5000"] == RegistryCredentials(username: "ci", password: "s3cret"))
        #expect(settings.credentials["ghcr.example"]?.password == "inline")
        #expect(settings.allowsPlainHTTP("registry.lan:5000") && !settings.allowsPlainHTTP("ghcr.example"))
        #expect {
            try RunnerConfig.parse("registries:\n  credentials:\n    x: {username: u}\n", file: "c.yaml")
        } throws: { ($0 as? ConfigError)?.description == "c.yaml:3:5: credentials for x need password or password_file" }
        // A missing password file matters only when a pull needs it: parsing (as lint does) still works.
        let missing = try RunnerConfig.parse("registries:\n  credentials:\n    x: {username: u, password_file: /nonexistent}\n",
                                             file: "c.yaml")
        #expect {
            try missing.registrySettings()
        } throws: { ($0 as? ConfigError)?.description.hasPrefix("cannot read the password file /nonexistent") == true }
    }

    @Test func badFenceSectionsArePositioned() {
        #expect {
            try RunnerConfig.parse("fence:\n  pools:\n    fleet: {key: k}\n", file: "c.yaml")
        } throws: { ($0 as? ConfigError)?.description.hasPrefix("c.yaml:3:5: fence pool \"fleet\" needs hosts") == true }
        #expect {
            try RunnerConfig.parse("fence:\n  default_pool: x\n", file: "c.yaml")
        } throws: { ($0 as? ConfigError)?.description.contains("must name a pool") == true }
    }
}

@Suite struct ExampleConfigTests {
    @Test func theShippedExampleParsesAndPlacesEveryLabel() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/config.example.yaml")
        let config = try RunnerConfig.load(from: file)
        #expect(config.fencePools["fleet"]?.hosts.count == 2)
        #expect(config.registryLogins["registry.example"]?.password == .file("/etc/swift-runner/registry-password"))
        for label in try config.runnerLabels() {
            _ = try SandboxPlacement.resolve(label, pools: config.fencePools, defaultPool: config.defaultFencePool)
        }
        #expect(try config.runnerLabels().map(\.name) == ["docker", "bookworm"])
    }
}
