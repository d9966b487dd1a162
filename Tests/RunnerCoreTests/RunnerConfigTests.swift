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
        for label in try config.runnerLabels() {
            _ = try SandboxPlacement.resolve(label, pools: config.fencePools, defaultPool: config.defaultFencePool)
        }
        #expect(try config.runnerLabels().map(\.name) == ["docker", "bookworm"])
    }
}
