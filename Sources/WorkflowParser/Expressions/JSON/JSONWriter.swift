/// Where `JSONWriter` puts text: a plain `String`, or a sink that counts what it is given against a limit.
protocol TextSink {
    associatedtype Failure: Error
    mutating func write(_ text: String) throws(Failure)
}

extension String: TextSink {
    typealias Failure = Never
}

/// Writes values as GitHub's `toJSON` does: two-space indentation, one element or member per line, `": "`
/// after keys, `[]` and `{}` for empty containers, numbers as the language prints them, object keys in their
/// stored order. Strings escape quote, backslash, control characters and U+0085/U+2028/U+2029, as Newtonsoft's
/// writer (GitHub's) does.
enum JSONWriter {
    static func write<Sink: TextSink>(_ value: ExpressionValue, to sink: inout Sink, depth: Int = 0)
        throws(Sink.Failure)
    {
        switch value {
        case .null:
            try sink.write("null")
        case .bool, .number:
            try sink.write(value.coercedString)
        case .string(let text):
            try sink.write(quoted(text))
        case .array(let array):
            try writeContainer(array.elements, open: "[", close: "]", to: &sink, depth: depth) {
                (element, sink) throws(Sink.Failure) in
                try write(element, to: &sink, depth: depth + 1)
            }
        case .object(let object):
            try writeContainer(object.entries, open: "{", close: "}", to: &sink, depth: depth) {
                (entry, sink) throws(Sink.Failure) in
                try sink.write(quoted(entry.key) + ": ")
                try write(entry.value, to: &sink, depth: depth + 1)
            }
        }
    }

    private static func writeContainer<Item, Sink: TextSink>(
        _ items: [Item], open: String, close: String, to sink: inout Sink, depth: Int,
        writeItem: (Item, inout Sink) throws(Sink.Failure) -> Void
    ) throws(Sink.Failure) {
        guard !items.isEmpty else { return try sink.write(open + close) }
        try sink.write(open)
        for (index, item) in items.enumerated() {
            try sink.write((index == 0 ? "\n" : ",\n") + indentation(depth + 1))
            try writeItem(item, &sink)
        }
        try sink.write("\n" + indentation(depth) + close)
    }

    private static func indentation(_ depth: Int) -> String {
        String(repeating: " ", count: depth * 2)
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}", "\u{85}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension ExpressionValue {
    /// The value as `toJSON` prints it (the form `swift-runner expr` prints).
    public var jsonText: String {
        var text = ""
        JSONWriter.write(self, to: &text)
        return text
    }
}
