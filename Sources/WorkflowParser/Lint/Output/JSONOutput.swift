import Foundation

/// An array of `{file, line, column, rule, severity, message}`, one object per finding.
enum JSONOutput {
    struct Entry: Encodable {
        var file: String
        var line: Int
        var column: Int
        var rule: String
        var severity: String
        var message: String
    }

    static func render(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map {
            Entry(file: $0.location.file, line: $0.location.line, column: $0.location.column, rule: $0.rule.rawValue,
                  severity: $0.severity.rawValue, message: $0.message)
        }
        return encode(entries) + "\n"
    }

    /// Pretty, key-sorted JSON without escaped slashes, so output is stable and readable.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
