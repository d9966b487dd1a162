import Foundation
import RunnerCore
import TestSupport

/// `swift-runner-bench daemon BINARY`: the daemon (the given `swift-runner`, a release build) against the fake
/// Forgejo on 127.0.0.1 at the default fetch interval: its idle RSS and CPU over 60 s, the pickup latency (task
/// queued → its first UpdateTask) over 10 tasks, and the log throughput to the server with masking on (100,000
/// rows, 100 secrets). forgejo-runner, the peer, needs a Docker daemon, which this machine does not run: no
/// side-by-side figure for it.
func daemonBenchmark(binary: String) async {
    do {
        let forgejo = try FakeForgejo()
        let folder = NSTemporaryDirectory() + "swift-runner-daemon-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let runner = forgejo.addRunner(name: "bench", labels: ["shell"])
        try RunnerFile(id: runner.id, uuid: runner.uuid, name: runner.name, token: runner.token, address: forgejo.instance.url,
                       labels: ["shell:host"]).write(to: folder + "/.runner")
        try Data("runner:\n  file: \(folder)/.runner\nlog:\n  level: error\n".utf8).write(to: URL(fileURLWithPath: folder + "/config.yaml"))
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: binary)
        daemon.arguments = ["daemon", "--config", folder + "/config.yaml", "--state-directory", folder + "/state"]
        daemon.currentDirectoryURL = URL(fileURLWithPath: folder)
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        try await Task.sleep(for: .seconds(3))

        let pid = daemon.processIdentifier
        let cpuBefore = cpuSeconds(pid)
        try await Task.sleep(for: .seconds(60))
        let cpuPercent = (cpuSeconds(pid) - cpuBefore) / 60 * 100
        print("daemon idle over 60 s (fetch_interval 2 s): RSS \(residentKilobytes(pid) / 1024) MiB, CPU "
              + String(format: "%.2f %%", cpuPercent))

        var latencies: [Double] = []
        for round in 0..<10 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...2100)))
            let queued = DispatchTime.now().uptimeNanoseconds
            let id = forgejo.enqueue(task: benchTask("      - run: \"true\"\n"), labels: ["shell"])
            while forgejo.reports(of: id).isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - queued) / 1e6)
            while forgejo.state(of: id)?.hasStoppedAt != true { try await Task.sleep(for: .milliseconds(20)) }
            _ = round
        }
        latencies.sort()
        print(String(format: "pickup latency (queued → first UpdateTask), 10 tasks: p50 %.0f ms, max %.0f ms", latencies[5], latencies[9]))

        let secrets = Dictionary(uniqueKeysWithValues: (0..<100).map { ("SECRET_\($0)", "secret-value-\($0)-\(UUID().uuidString.prefix(8))") })
        let id = forgejo.enqueue(task: benchTask("      - run: for i in $(seq 1 100000); do echo \"row $i of the log ${{ secrets.SECRET_7 }}\"; done\n",
                                                 secrets: secrets), labels: ["shell"])
        while forgejo.logs(of: id).isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let start = DispatchTime.now().uptimeNanoseconds
        while !forgejo.isLogArchived(task: id) { try await Task.sleep(for: .milliseconds(20)) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rows = forgejo.logs(of: id).count
        print(String(format: "log throughput to the server, 100 secrets masked: %d rows in %.2f s = %.0f rows/s", rows, seconds, Double(rows) / seconds))
    } catch {
        print("the daemon benchmark failed: \(error)")
    }
}

private func benchTask(_ steps: String, secrets: [String: String] = [:]) -> Runner_V1_Task {
    .forTests(payload: "on: push\njobs:\n  bench:\n    runs-on: shell\n    steps:\n\(steps)", secrets: secrets)
}

/// utime + stime of `pid`, in seconds.
private func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

private func residentKilobytes(_ pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}
