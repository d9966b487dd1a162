import ArgumentParser
import Foundation

/// Questions asked on the terminal: the question, a default in brackets that an empty answer takes, and for
/// secrets no echo of what is typed.
struct TerminalPrompt {
    /// Asks until `accept` takes the answer, printing why it did not; fails when standard input ends.
    func ask<Value>(_ question: String, default defaultAnswer: String? = nil, secret: Bool = false,
                    accept: (String) throws -> Value) throws -> Value {
        while true {
            print(defaultAnswer.map { "\(question) [\($0)]: " } ?? "\(question): ", terminator: "")
            fflush(nil)  // the question has no newline: show it before waiting
            guard let line = secret ? readWithoutEcho() : readLine() else {
                var standardError = StandardError()
                print("\nerror: no answer to \"\(question)\": standard input ended", to: &standardError)
                throw ExitCode(1)
            }
            let answer = line.trimmingCharacters(in: .whitespaces)
            do {
                return try accept(answer.isEmpty ? defaultAnswer ?? "" : answer)
            } catch {
                print("  \(error)")
            }
        }
    }

    /// A line typed with the terminal's echo off, so a token is not left on the screen.
    private func readWithoutEcho() -> String? {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return readLine() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &quiet)
        defer {
            tcsetattr(0, TCSANOW, &saved)
            print("")
        }
        return readLine()
    }
}
