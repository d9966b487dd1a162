import Foundation
import RunnerCore

/// Masking throughput: the `SecretMasker` (one Aho–Corasick pass per line) against the obvious loop of
/// `replacingOccurrences`, one search per secret, on the same log lines. Prints one line per configuration.
func maskBenchmark() {
    let secretEvery = 40
    let lines = syntheticLog(megabytes: 20)
    let size = { (lines: [String]) in Double(lines.reduce(0) { $0 + $1.utf8.count + 1 }) }
    print(String(format: "\nmasking %.1f MB of log lines (%d lines, one in %d with a secret), random secrets of "
                 + "16-40 characters; best of 3 rounds (the loop: one round over a tenth)",
                 size(lines) / 1_048_576, lines.count, secretEvery))

    for count in [1, 100, 1000] {
        let secrets = (0..<count).map { _ in randomWord(length: Int.random(in: 16...40)) }
        let log = lines.enumerated().map { index, line in
            index % secretEvery == 0 ? line + " token=" + secrets.randomElement()! : line
        }
        let bytes = size(log)
        let masker = SecretMasker()
        secrets.forEach(masker.add)
        let build = seconds { _ = masker.mask("") }
        var masked = 0
        let best = (0..<3).map { _ in
            seconds { masked = log.reduce(0) { $0 + (masker.mask($1).utf8.count != $1.utf8.count ? 1 : 0) } }
        }.min()!
        print("  " + pad("SecretMasker, \(count) secret\(count == 1 ? "" : "s")", 34)
              + String(format: "%7.1f MB/s  (%d lines masked, automaton built in %.1f ms)",
                       bytes / 1_048_576 / best, masked, build * 1000))

        guard count <= 100 else { continue }
        let longestFirst = secrets.sorted { $0.count > $1.count }
        let naiveLog = Array(log.prefix(log.count / 10))
        let naiveBytes = size(naiveLog)
        var naiveResult: [String] = []
        let naive = seconds {
            naiveResult = naiveLog.map { line in
                longestFirst.reduce(line) { $0.replacingOccurrences(of: $1, with: "***") }
            }
        }
        let same = naiveResult == naiveLog.map(masker.mask)
        print("  " + pad("replacingOccurrences loop, \(count)", 34)
              + String(format: "%7.1f MB/s  (%.0fx slower; ", naiveBytes / 1_048_576 / naive,
                       naive / naiveBytes / (best / bytes)) + "same output: \(same ? "yes" : "NO"))")
    }
}

/// Build-log-like lines: compiler progress, test results, downloads, JSON, paths, some non-ASCII.
private func syntheticLog(megabytes: Int) -> [String] {
    let templates: [(Int) -> String] = [
        { "[\($0 % 300)/300] Compiling Module\($0 % 17) Source\($0).swift" },
        { "2024-05-0\($0 % 9 + 1)T12:\($0 % 60):07.123Z INFO  worker-\($0 % 8) processed batch \($0) in "
            + "\($0 % 97) ms" },
        { "Downloading https://registry.example.org/packages/lib\($0 % 50)/-/lib\($0 % 50)-1.\($0 % 20).0.tgz "
            + "(\($0 % 900) kB)" },
        { "✔ test_case_\($0) passed after 0.0\($0 % 10) seconds — résumé ok" },
        { "{\"level\":\"debug\",\"ts\":\($0),\"msg\":\"cache hit\",\"key\":\"build-\($0 % 1000)\","
            + "\"size\":\($0 % 4096)}" },
        { "    at /home/runner/work/app/app/src/module\($0 % 40)/handler.ts:\($0 % 500):\($0 % 80)" },
        { "npm WARN deprecated package\($0 % 30)@2.\($0 % 9).1: this version is no longer supported" },
    ]
    var lines: [String] = []
    var size = 0
    var index = 0
    while size < megabytes * 1_048_576 {
        let line = templates[index % templates.count](index)
        lines.append(line)
        size += line.utf8.count + 1
        index += 1
    }
    return lines
}

private func randomWord(length: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    return String((0..<length).map { _ in alphabet.randomElement()! })
}
