/// What a scalar means, resolved as GitHub's workflow parser does: the YAML 1.2 core schema.
/// So `on`, `yes` and `off` stay strings (YAML 1.1 would make them booleans), and `3.10` is the number 3.1.
public enum ScalarValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .float: return "a number"
        case .string: return "a string"
        }
    }

    /// Resolves a scalar from its text, style and explicit tag.
    public static func resolve(_ text: String, style: YAMLScalar.Style, tag: String?) -> ScalarValue {
        switch tag {
        case "tag:yaml.org,2002:str", "!": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool": return resolveBool(text).map(ScalarValue.bool) ?? .string(text)
        case "tag:yaml.org,2002:int": return resolveInt(text) ?? .string(text)
        case "tag:yaml.org,2002:float": return resolveInt(text).map { $0.asFloat } ?? resolveFloat(text) ?? .string(text)
        default: break
        }
        guard style == .plain, tag == nil else { return .string(text) }
        if resolveNull(text) { return .null }
        if let bool = resolveBool(text) { return .bool(bool) }
        if let int = resolveInt(text) { return int }
        if let float = resolveFloat(text) { return float }
        return .string(text)
    }

    private var asFloat: ScalarValue {
        if case .int(let int) = self { return .float(Double(int)) }
        return self
    }

    private static func resolveNull(_ text: String) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(text)
    }

    private static func resolveBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. Integers too large for `Int` become floats, as in JSON.
    private static func resolveInt(_ text: String) -> ScalarValue? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return nil }
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "o") || utf8[1] == UInt8(ascii: "x") {
            let radix = utf8[1] == UInt8(ascii: "o") ? 8 : 16
            return Int(text.dropFirst(2), radix: radix).map(ScalarValue.int)
        }
        let digits = utf8.first == UInt8(ascii: "-") || utf8.first == UInt8(ascii: "+") ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        if let int = Int(text) { return .int(int) }
        return Double(text).map(ScalarValue.float)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` (core schema spellings).
    private static func resolveFloat(_ text: String) -> ScalarValue? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        var scanner = text.utf8[...]
        if let sign = scanner.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { scanner = scanner.dropFirst() }
        let integerDigits = scanner.prefix(while: isDigit).count
        scanner = scanner.dropFirst(integerDigits)
        var fractionDigits = 0
        if scanner.first == UInt8(ascii: ".") {
            scanner = scanner.dropFirst()
            fractionDigits = scanner.prefix(while: isDigit).count
            scanner = scanner.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if let e = scanner.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            scanner = scanner.dropFirst()
            if let sign = scanner.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { scanner = scanner.dropFirst() }
            let exponentDigits = scanner.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return nil }
            scanner = scanner.dropFirst(exponentDigits)
        }
        guard scanner.isEmpty else { return nil }
        return Double(text).map(ScalarValue.float)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

// NaN never equals itself, yet two `.nan` scalars are the same value for the model.
extension ScalarValue {
    public static func == (lhs: ScalarValue, rhs: ScalarValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return a == b
        default: return false
        }
    }
}
