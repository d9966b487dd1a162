import Foundation
import WorkflowParser

/// Benchmarks print numbers; they assert nothing. Run with `make bench` (a release build).
/// Input: ../shared/corpora/real-world-2021 beside the repository, or the folder given as the first argument.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
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
