import Foundation

extension Process {
    /// Kills the process (SIGKILL: children may inherit blocked signals) and waits at most `seconds` for it to be
    /// gone or a zombie. Never `waitUntilExit()` here: when the exit notification goes astray in a busy test
    /// process, that call never returns and takes the whole test run with it.
    public func stop(waitingAtMost seconds: Double = 5) {
        let pid = processIdentifier
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return }
            if stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z") { return }
            usleep(20_000)
        }
    }
}
