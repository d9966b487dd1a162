import Foundation

/// Replaces the job's secrets in log text by `***`. Secrets arrive while the job runs (`add-mask`, outputs of
/// earlier jobs) and lines are masked from whichever task reads a step's output, so the masker is shared: a lock
/// guards the secret list (hence `@unchecked`: every access to `state` holds `lock`), and the automaton built from
/// it is immutable, so matching runs outside the lock.
///
/// Give it complete lines (see `LogLineAssembler`): a secret split between two pieces of text is in neither.
public final class SecretMasker: @unchecked Sendable {
    private struct State {
        var secrets: Set<[UInt8]> = []
        /// Nil after `add` until the next `mask` rebuilds it: adding many secrets before a line costs one build.
        var automaton: MaskAutomaton?
    }

    private let lock = NSLock()
    private var state = State()

    public init() {}

    /// Registers `secret`. A multi-line value (`\n` or `\r\n`) also registers each of its lines, because logs
    /// arrive line by line and the whole value never appears on one line. Lines are trimmed of surrounding
    /// whitespace (and so of the `\r`), as actions/runner does: indentation is no part of a secret, and the shorter
    /// value masks at least as much. Values that are empty or only whitespace are ignored: masking them would hide
    /// every blank or indentation, not a secret.
    public func add(_ secret: String) {
        var values = [Array(secret.utf8)]
        if secret.utf8.contains(UInt8(ascii: "\n")) {
            values += secret.utf8.split(separator: UInt8(ascii: "\n")).map { line in
                Array(line.drop(while: Self.isWhitespace).reversed().drop(while: Self.isWhitespace).reversed())
            }
        }
        lock.withLock {
            for value in values where value.contains(where: { !Self.isWhitespace($0) }) {
                if state.secrets.insert(value).inserted { state.automaton = nil }
            }
        }
    }

    /// `line` with every occurrence of every registered secret replaced by `***`; where occurrences overlap or
    /// touch, the whole stretch becomes one `***`. Text outside occurrences is unchanged, and a line without
    /// secrets is returned as it came.
    public func mask(_ line: String) -> String {
        guard let automaton = currentAutomaton() else { return line }
        var line = line
        return line.withUTF8 { bytes in
            let ranges = automaton.coveredRanges(in: bytes)
            guard !ranges.isEmpty else { return nil }
            var masked: [UInt8] = []
            masked.reserveCapacity(bytes.count)
            var copied = 0
            for range in ranges {
                masked.append(contentsOf: bytes[copied..<range.lowerBound])
                masked.append(contentsOf: Self.mask)
                copied = range.upperBound
            }
            masked.append(contentsOf: bytes[copied...])
            // Secrets are valid UTF-8 and so are lines, so every cut falls between characters.
            return String(decoding: masked, as: UTF8.self)
        } ?? line
    }

    private static let mask = Array("***".utf8)

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    /// The automaton for the secrets registered so far, nil while there are none.
    private func currentAutomaton() -> MaskAutomaton? {
        lock.withLock {
            if state.automaton == nil, !state.secrets.isEmpty {
                state.automaton = MaskAutomaton(secrets: Array(state.secrets))
            }
            return state.automaton
        }
    }
}
