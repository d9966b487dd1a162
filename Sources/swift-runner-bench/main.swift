import Executors
import Foundation
import WorkflowParser

// Sandboxes started later must see crun's view of a hybrid-cgroup host; this is only possible while single-threaded.
if CommandLine.arguments.dropFirst().first == "daemon" {
    await daemonBenchmark(binary: CommandLine.arguments.dropFirst(2).first ?? ".build/release/swift-runner")
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "steps" { _ = HybridCgroupNamespace.enterIfHybrid() }

/// Benchmarks print numbers; they assert nothing. Run with `make bench` (a release build).
/// `swift-runner-bench [FOLDER]`: YAML + model and expressions over ../shared/corpora/real-world-2021 beside the
/// repository, or over FOLDER.
/// `swift-runner-bench mask`: secret masking over ~20 MB of generated log lines with 1, 100 and 1000 secrets,
/// beside a `replacingOccurrences` loop (MaskBenchmark.swift). By hand:
/// `swift build -c release --product swift-runner-bench && .build/release/swift-runner-bench mask`.
/// `swift-runner-bench steps [N]`: the job engine's cost per step (StepBenchmark.swift); root for the sandbox row.
/// `swift-runner-bench daemon [BINARY]`: the daemon's idle cost, pickup latency and log throughput against the
/// fake Forgejo (DaemonBenchmark.swift; about 90 s).

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

if CommandLine.arguments.dropFirst().first == "mask" {
    maskBenchmark()
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "daemon" {
    await daemonBenchmark(binary: CommandLine.arguments.dropFirst(2).first ?? ".build/release/swift-runner")
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "steps" {
    await stepBenchmark(steps: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) }.map { max(2, $0) } ?? 50)
    exit(0)
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let corpus = CommandLine.arguments.dropFirst().first.map { URL(fileURLWithPath: $0) }
    ?? repository.deletingLastPathComponent().appendingPathComponent("shared/corpora/real-world-2021")

let files = ((try? FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)) ?? [])
    .filter { ["yml", "yaml"].contains($0.pathExtension) }
    .compactMap { url in (try? Data(contentsOf: url)).map { (url.lastPathComponent, [UInt8]($0)) } }
guard !files.isEmpty else {
    print("no workflow files in \(corpus.path): pass a folder of workflows as the first argument")
    exit(2)
}
let megabytes = Double(files.reduce(0) { $0 + $1.1.count }) / 1_048_576

// YAML + model: every file, several rounds, best round counts (the machine has other load).
let loader = WorkflowLoader()
var problems = 0
var best = Double.infinity
for _ in 0..<5 {
    problems = 0
    best = min(best, seconds {
        for (name, bytes) in files { problems += loader.parse(bytes: bytes, file: name).problems.count }
    })
}
print("YAML + workflow model over \(corpus.lastPathComponent): \(files.count) files, "
      + String(format: "%.2f MB", megabytes))
print("  " + pad("swift-runner (parse + model)", 34) + String(format: "%8.0f files/s  %6.1f MB/s  %.3f s/round",
      Double(files.count) / best, megabytes / best, best))
print("  " + pad("actionlint 1.17 (parse + all rules)", 34)
      + "    1074 files/s  (reference figure from ../shared/corpora/README.md: 1.4 s for 1,503 files)")

// Expression evaluation: typical `if:` conditions, parsed once (as the runner does per step) and evaluated often.
struct AlwaysSucceeded: StatusProvider {
    var status: ExecutionStatus { .success }
}

let contexts = try! ExpressionValue(parsingJSON: """
    {"github": {"event_name": "push", "ref": "refs/heads/main", "repository": "infra/ci",
                "event": {"pull_request": {"labels": [{"name": "ci"}, {"name": "deploy"}]}}},
     "matrix": {"os": "bookworm", "node": 22}, "env": {"DEPLOY": "true"},
     "needs": {"build": {"result": "success", "outputs": {"version": "1.2.3"}}}}
    """)
guard case .object(let contextObject) = contexts else { fatalError("the benchmark's contexts are an object") }
let evaluation = EvaluationContext(contexts: contextObject, statusProvider: AlwaysSucceeded())
let conditions = [
    "success() && github.event_name == 'push' && github.ref == 'refs/heads/main'",
    "contains(github.event.pull_request.labels.*.name, 'deploy')",
    "startsWith(github.ref, 'refs/tags/') || (matrix.os == 'bookworm' && matrix.node >= 20)",
    "always() && needs.build.result == 'success' && env.DEPLOY == 'true'",
    "format('{0}-{1}', github.repository, needs.build.outputs.version) != ''",
]
let parsed = conditions.map { try! WorkflowExpression.parse($0, allowedContexts: nil) }
let rounds = 20_000
var truthy = 0
let evaluationSeconds = seconds {
    for _ in 0..<rounds {
        for expression in parsed where (try? expression.evaluate(in: evaluation))?.isTruthy == true { truthy += 1 }
    }
}
let parseSeconds = seconds {
    for _ in 0..<(rounds / 10) { for condition in conditions { _ = try? WorkflowExpression.parse(condition, allowedContexts: nil) } }
}
print("\nexpressions: \(conditions.count) typical if: conditions (\(truthy / rounds) of them true)")
print("  " + pad("swift-runner evaluate", 34)
      + String(format: "%8.0f evaluations/s", Double(rounds * conditions.count) / evaluationSeconds))
print("  " + pad("swift-runner parse", 34)
      + String(format: "%8.0f parses/s", Double(rounds / 10 * conditions.count) / parseSeconds))
print("  (no peer runs here: act's evaluator is Go, and no Go module registry is reachable from this machine)")
