import Foundation
import Testing
@testable import Executors

/// Service groups share one network namespace; `egress` reaches out through slirp4netns but never the host.
@Suite(.serialized, .enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason))
struct SandboxNetworkTests {
    @Test func servicesAnswerOnLocalhostAndTheirNames() async throws {
        try await SandboxTestHost.withLocalSandbox { sandbox in
            var service = LocalSandboxTests.busybox
            service.hostname = "db"
            try await SandboxTestHost.withSandbox(service, in: sandbox) { serviceID in
                let started = try await sandbox.run(serviceID, "nc -l -p 8080 -e echo hello >/dev/null 2>&1 </dev/null &")
                #expect(started.status == .exited(0))
                var job = LocalSandboxTests.busybox
                job.networkOf = serviceID
                job.hostAliases = ["db"]
                try await SandboxTestHost.withSandbox(job, in: sandbox) { jobID in
                    let result = try await sandbox.run(jobID, "grep -w db /etc/hosts >/dev/null && sleep 0.2 && nc -w 2 db 8080 </dev/null")
                    #expect(result.output == "hello\n", "\(result.errors)")
                }
            }
        }
    }

    @Test func joiningAnUnknownSandboxFails() async throws {
        try await SandboxTestHost.withLocalSandbox { sandbox in
            var job = LocalSandboxTests.busybox
            job.networkOf = SandboxID("sbx-gone")
            await #expect(throws: SandboxError.self) { _ = try await sandbox.create(job) }
        }
    }

    @Test func egressHasAnInterfaceButNotTheHostLoopback() async throws {
        try #require(HostFacts.executablePath(named: "slirp4netns") != nil, "egress needs slirp4netns (apt-get install slirp4netns)")
        let listener = try LoopbackListener()
        defer { listener.close() }
        var spec = LocalSandboxTests.busybox
        spec.network = .egress
        try await SandboxTestHost.withSandbox(spec) { sandbox, id in
            let result = try await sandbox.run(id, """
                ip -o -4 addr show tap0 | grep -o '10.0.2.100'; cat /etc/resolv.conf
                nc -w 2 10.0.2.2 \(listener.port) </dev/null && echo reached-host
                """)
            #expect(result.output == "10.0.2.100\nnameserver 10.0.2.3\n", "\(result.errors)")
            #expect(!listener.hasPendingConnection())
        }
    }
}
