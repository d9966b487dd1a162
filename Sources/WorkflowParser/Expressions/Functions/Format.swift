/// `format(pattern, values…)`: `pattern` with each `{N}` replaced by value N as a string; `{{` and `}}` stand for
/// single braces. The whole pattern is checked before any value is evaluated, as on GitHub: a brace that is
/// neither (`{x}`, a lone `}`, an unclosed `{0`) makes it invalid, and `{N}` beyond the values given is an error.
/// Values are evaluated once each, when first used.
enum Format {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        let pattern = try call.argument(0).coercedString
        let segments: [Segment]
        do throws(FormatProblem) {
            segments = try Segment.parse(pattern, valueCount: call.argumentCount - 1)
        } catch {
            throw call.failure(error.message)
        }
        var values = [ExpressionValue?](repeating: nil, count: call.argumentCount - 1)
        var text = call.resultText()
        for segment in segments {
            switch segment {
            case .text(let literal):
                try text.write(literal)
            case .value(let index, let specifiers):
                let value: ExpressionValue
                if let evaluated = values[index] {
                    value = evaluated
                } else {
                    value = try call.argument(index + 1)
                    values[index] = value
                }
                guard specifiers.isEmpty else {
                    throw call.failure(
                        "The format specifiers '\(specifiers)' are not valid for objects of type '\(value.kindName)'")
                }
                try text.write(value.coercedString)
            }
        }
        return .string(text.text)
    }

    /// A piece of a format pattern.
    private enum Segment {
        case text(String)
        /// `{index}` or `{index:specifiers}`; GitHub accepts specifiers in the syntax but no value supports them.
        case value(index: Int, specifiers: String)

        static func parse(_ pattern: String, valueCount: Int) throws(FormatProblem) -> [Segment] {
            let scalars = Array(pattern.unicodeScalars)
            func at(_ index: Int) -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
            func text(_ range: Range<Int>) -> Segment { .text(String(String.UnicodeScalarView(scalars[range]))) }
            var segments: [Segment] = []
            var index = 0
            while index < scalars.count {
                let open = scalars[index...].firstIndex(of: "{")
                let close = scalars[index...].firstIndex(of: "}")
                if let open, close.map({ $0 > open }) ?? true {
                    if at(open + 1) == "{" {
                        segments.append(text(index..<(open + 1)))
                        index = open + 2
                        continue
                    }
                    guard let (valueIndex, specifiers, end) = placeholder(scalars, openingAt: open) else {
                        throw .invalid(pattern)
                    }
                    guard valueIndex < valueCount else { throw .tooFewValues(pattern) }
                    segments.append(text(index..<open))
                    segments.append(.value(index: valueIndex, specifiers: specifiers))
                    index = end + 1
                } else if let close {
                    guard at(close + 1) == "}" else { throw .invalid(pattern) }
                    segments.append(text(index..<(close + 1)))
                    index = close + 2
                } else {
                    segments.append(text(index..<scalars.count))
                    index = scalars.count
                }
            }
            return segments
        }

        /// Reads `{digits}` or `{digits:specifiers}` (`}}` inside specifiers is a brace) starting at `open`.
        /// The index must fit in a byte, as on GitHub.
        private static func placeholder(
            _ scalars: [Unicode.Scalar], openingAt open: Int
        ) -> (index: Int, specifiers: String, end: Int)? {
            var position = open + 1
            while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
            guard position > open + 1,
                let index = UInt8(String(String.UnicodeScalarView(scalars[(open + 1)..<position])))
            else { return nil }
            guard position < scalars.count else { return nil }
            if scalars[position] == "}" { return (Int(index), "", position) }
            guard scalars[position] == ":" else { return nil }
            var specifiers = String.UnicodeScalarView()
            position += 1
            while position < scalars.count {
                if scalars[position] != "}" {
                    specifiers.append(scalars[position])
                    position += 1
                } else if position + 1 < scalars.count, scalars[position + 1] == "}" {
                    specifiers.append("}")
                    position += 2
                } else {
                    return (Int(index), String(specifiers), position)
                }
            }
            return nil
        }
    }
}

/// What can be wrong with a format pattern, in GitHub's words.
private enum FormatProblem: Error {
    case invalid(String)
    case tooFewValues(String)

    var message: String {
        switch self {
        case .invalid(let pattern): "The following format string is invalid: \(pattern)"
        case .tooFewValues(let pattern):
            "The following format string references more arguments than were supplied: \(pattern)"
        }
    }
}
