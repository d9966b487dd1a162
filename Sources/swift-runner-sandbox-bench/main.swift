import Executors
import Foundation

// Times create + exec `true` + destroy of LocalSandbox, N runs per image, and prints p50 and p95 in milliseconds;
// or, with `pull`, pulls each image into an empty layer store and prints the pull + verify + unpack throughput.
// Usage: swift-runner-sandbox-bench ROOTFS [N]   (ROOTFS from scripts/make-busybox-rootfs; run as root)
//        swift-runner-sandbox-bench pull REFERENCE...

/// The one image of this benchmark: a rootfs folder already prepared on disk.
struct FolderImage: ImageProvider {
    static let reference = "bench/rootfs"
    let folder: String

    func layers(for reference: String) async throws(SandboxError) -> PreparedImage {
        PreparedImage(layerDirectories: [folder], environment: ["PATH=/bin"])
    }
}

let namespace = HybridCgroupNamespace.enterIfHybrid()
let arguments = CommandLine.arguments
if arguments.count > 2, arguments[1] == "pull" {
    for reference in arguments.dropFirst(2) {
        do {
            print(try await PullThroughput.measure(reference, scratch: NSTemporaryDirectory()))
        } catch {
            FileHandle.standardError.write(Data("cannot pull \(reference): \(error.message)\n".utf8))
            exit(1)
        }
    }
    exit(0)
}
guard arguments.count >= 2, let runs = Int(arguments.count > 2 ? arguments[2] : "30"), runs > 0 else {
    FileHandle.standardError.write(Data("usage: swift-runner-sandbox-bench ROOTFS [N]\n".utf8))
    exit(2)
}
if case .failed(let code) = namespace {
    print("(hybrid cgroups: no private mount namespace, errno \(code); every crun call pays for the unshare wrapper)")
}
let state = NSTemporaryDirectory() + "swift-runner-sandbox-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: state) }
let sandbox = try LocalSandbox(images: FolderImage(folder: arguments[1]),
                               configuration: .init(stateDirectory: state + "/state", runtimeStateDirectory: state + "/runtime"))

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// The median and the 95th percentile of `times`.
func percentiles(_ times: [Double]) -> (p50: Double, p95: Double) {
    let sorted = times.sorted()
    return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)])
}

for (name, image) in [("LocalSandbox busybox", SandboxImage.registry(FolderImage.reference)), ("LocalSandbox native", .native)] {
    // Per run: create, exec, destroy and the whole.
    var phases: [[Double]] = [[], [], [], []]
    for _ in 0..<runs {
        let clock = ContinuousClock()
        let start = clock.now
        let id = try await sandbox.create(SandboxSpec(image: image))
        let created = clock.now
        var status: ExitStatus?
        var errors: [UInt8] = []
        for try await event in sandbox.exec(id, ExecRequest(arguments: ["true"])) {
            switch event {
            case .exit(let exit): status = exit
            case .standardError(let bytes): errors += bytes
            case .standardOutput: break
            }
        }
        let executed = clock.now
        try await sandbox.destroy(id)
        let end = clock.now
        for (index, duration) in [created - start, executed - created, end - executed, end - start].enumerated() {
            phases[index].append(milliseconds(duration))
        }
        guard status == .exited(0) else {
            FileHandle.standardError.write(Data("`true` failed in \(name) (\(status.map(String.init(describing:)) ?? "no status")): ".utf8) + errors)
            exit(1)
        }
    }
    let total = percentiles(phases[3])
    let parts = zip(["create", "exec", "destroy"], phases).map { String(format: "%@ %.1f", $0.0, percentiles($0.1).p50) }
    print(name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "p50 %7.1f ms   p95 %7.1f ms", total.p50, total.p95)
        + "   (p50 " + parts.joined(separator: ", ") + ")")
}
