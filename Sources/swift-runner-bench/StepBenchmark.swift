import Executors
import Foundation
import RunnerCore
import WorkflowParser

/// A reporter that drops everything: the benchmark times the engine, not a terminal.
private struct SilentReporter: JobReporter {
    func jobStarted(_ job: String, steps: [PlannedStep]) {}
    func stepStarted(_ job: String, step: PlannedStep) {}
    func log(_ job: String, step: Int?, line: String) {}
    func annotation(_ job: String, step: Int?, _ annotation: JobAnnotation) {}
    func stepFinished(_ job: String, step: PlannedStep, outcome: JobOutcome, conclusion: JobOutcome) {}
    func jobFinished(_ job: String, result: JobResult) {}
}

/// `swift-runner-bench steps [N]`: the engine's cost per `run: true` step (script written, shell started, file
/// commands read back), from a job of N steps against a job of one, on the host and in a LocalSandbox (`native`,
/// root and crun needed); beside it the bare cost of one exec of `true` on the same sandbox, which no runner
/// can go below. Best of three jobs each.
func stepBenchmark(steps: Int) async {
    let state = NSTemporaryDirectory() + "swift-runner-step-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: state) }
    var placements: [(String, JobPlacement)] = []
    do {
        placements.append(("host (HostSandbox)", JobPlacement(sandbox: try HostSandbox(root: state + "/host"), image: .native, isHost: true)))
        if geteuid() == 0 {
            let sandbox = try LocalSandbox(images: NoImages(), configuration: .init(stateDirectory: state + "/sandboxes",
                                                                                   runtimeStateDirectory: state + "/runtime"))
            placements.append(("LocalSandbox (crun, native)", JobPlacement(sandbox: sandbox, image: .native, network: .none)))
        } else {
            print("(not root: the LocalSandbox row is skipped)")
        }
    } catch {
        print("cannot set up: \(error)")
        return
    }
    print("Per-step overhead of `run: true` (\(steps)-step job minus 1-step job, best of 3):")
    for (name, placement) in placements {
        do {
            let long = try await bestJob(steps: steps, placement: placement)
            let short = try await bestJob(steps: 1, placement: placement)
            let perStep = (long - short) / Double(steps - 1) * 1000
            let exec = try await bestExec(placement.sandbox)
            print("  " + pad(name, 30) + String(format: "%6.1f ms/step   (one bare exec of true: %5.1f ms; job of %d steps: %.2f s)",
                                                perStep, exec * 1000, steps, long))
        } catch {
            print("  " + pad(name, 30) + "failed: \(error)")
        }
    }
}

private struct NoImages: ImageProvider {
    func layers(for reference: String) async throws(SandboxError) -> PreparedImage {
        throw SandboxError(.refused, "the step benchmark uses only the native image")
    }
}

private func bestJob(steps: Int, placement: JobPlacement) async throws -> Double {
    let yaml = "on: push\njobs:\n  bench:\n    runs-on: x\n    steps:\n"
        + String(repeating: "      - run: \"true\"\n", count: steps)
    let workflow = try WorkflowLoader().load(yaml, file: "bench.yml")
    let job = try require(workflow.jobs.first)
    var best = Double.infinity
    for _ in 0..<3 {
        let runner = JobRunner(definition: JobDefinition(workflow: workflow, job: job, github: ExpressionObject([])),
                               placement: placement, reporter: SilentReporter())
        let start = DispatchTime.now().uptimeNanoseconds
        let result = await runner.run()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard result.outcome == .success else { throw BenchmarkFailure("the \(steps)-step job ended \(result.outcome)") }
        best = min(best, elapsed)
    }
    return best
}

private func bestExec(_ sandbox: any Sandbox) async throws -> Double {
    let id = try await sandbox.create(SandboxSpec(image: .native))
    defer { Task { try? await sandbox.destroy(id) } }
    var best = Double.infinity
    for _ in 0..<20 {
        let start = DispatchTime.now().uptimeNanoseconds
        for try await _ in sandbox.exec(id, ExecRequest(arguments: ["true"])) {}
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw BenchmarkFailure("the benchmark workflow has no job") }
    return value
}
