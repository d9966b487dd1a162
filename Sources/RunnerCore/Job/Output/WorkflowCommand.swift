import Foundation

/// A workflow command a step printed: `::name key=value,key2=value2::message`.
///
/// Parsed as actions/runner does: leading whitespace is allowed, the name runs to the first space, properties are
/// `key=value` pairs separated by commas (pairs without a key or a value are dropped), and the message is
/// everything after the second `::`. Names and property keys are compared ignoring case there, so both are
/// lower-cased here. Which names mean something is `WorkflowCommandProcessor`'s business, not the parser's.
public struct WorkflowCommand: Sendable, Equatable {
    /// Lower-cased.
    public var name: String
    /// Keys lower-cased, values unescaped; a repeated key keeps its last value.
    public var properties: [String: String]
    /// Unescaped.
    public var message: String

    public init(name: String, properties: [String: String] = [:], message: String) {
        self.name = name
        self.properties = properties
        self.message = message
    }

    /// The command on `line`, or nil when the line is ordinary output.
    public static func parse(_ line: String) -> WorkflowCommand? {
        let text = line.drop { $0.isWhitespace }
        guard text.hasPrefix("::") else { return nil }
        let afterPrefix = text.dropFirst(2)
        guard let separator = afterPrefix.firstRange(of: "::") else { return nil }
        let info = afterPrefix[..<separator.lowerBound]
        let nameEnd = info.firstIndex(of: " ") ?? info.endIndex
        guard nameEnd > info.startIndex else { return nil }

        var properties: [String: String] = [:]
        if nameEnd < info.endIndex {
            for pair in info[info.index(after: nameEnd)...].split(separator: ",") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                // actions/runner trims only the whole list; trimming each key also forgives `a=1, b=2`.
                let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
                let value = pair[pair.index(after: equals)...]
                guard !key.isEmpty, !value.isEmpty else { continue }
                properties[key.lowercased()] = unescape(value, Self.propertyEscapes)
            }
        }
        return WorkflowCommand(name: info[..<nameEnd].lowercased(), properties: properties,
                               message: unescape(afterPrefix[separator.upperBound...], Self.messageEscapes))
    }

    /// What `%XX` stands for in a message; anything else after `%` is kept as written.
    private static let messageEscapes: [String: Character] = ["25": "%", "0D": "\r", "0A": "\n"]
    /// Properties also escape the characters that separate them.
    private static let propertyEscapes = messageEscapes.merging(["3A": ":", "2C": ","]) { first, _ in first }

    /// Decodes escapes left to right in one pass, so `%250A` is `%0A`, never a newline.
    private static func unescape(_ text: Substring, _ escapes: [String: Character]) -> String {
        guard text.contains("%") else { return String(text) }
        var result = ""
        var rest = text
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let code = rest[rest.index(after: percent)...].prefix(2)
            if code.count == 2, let character = escapes[String(code)] {
                result.append(character)
                rest = rest[code.endIndex...]
            } else {
                result.append("%")
                rest = rest[rest.index(after: percent)...]
            }
        }
        return result + rest
    }
}
