/// Reads model values out of YAML nodes, collecting a `ModelProblem` for each node of the wrong shape
/// instead of stopping, so one pass over a file finds every problem in it.
final class ModelReader {
    private(set) var problems: [ModelProblem] = []

    func report(_ message: String, at location: SourceLocation, category: ModelProblem.Category = .syntax) {
        problems.append(ModelProblem(message, at: location, category: category))
    }

    /// The entries of a mapping; a problem for any other shape and for each key not in `allowedKeys`.
    func mapping(_ node: YAMLNode, _ what: String, allowedKeys: [String]? = nil) -> [YAMLPair]? {
        guard let pairs = node.mapping else {
            report("\(what) must be a mapping, found \(node.kindDescription)", at: node.location)
            return nil
        }
        if let allowedKeys {
            for pair in pairs where !allowedKeys.contains(pair.name) {
                report("unknown key \"\(pair.name)\" in \(what); expected one of: \(allowedKeys.joined(separator: ", "))",
                       at: pair.key.location)
            }
        }
        return pairs
    }

    /// A scalar as text (numbers and booleans converted the way GitHub converts them).
    func string(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let scalar = node.scalar else {
            report("\(what) must be a string, found \(node.kindDescription)", at: node.location)
            return nil
        }
        return Located(scalar.value.text, at: node.location)
    }

    /// A non-empty string: for ids, names and references that mean nothing when empty. `key:` with nothing
    /// after it is empty; an explicit `null` or `~` means "not given" and yields nil quietly.
    func nonEmptyString(_ node: YAMLNode, _ what: String) -> Located<String>? {
        if let scalar = node.scalar, scalar.text.isEmpty {
            report("\(what) must not be empty", at: node.location)
            return nil
        }
        if node.scalar?.value == .null { return nil }
        return string(node, what)
    }

    /// A string or a non-empty list of non-empty strings, as `needs:`, `branches:` and `runs-on:` accept.
    func stringList(_ node: YAMLNode, _ what: String) -> [Located<String>] {
        guard node.sequence != nil else { return nonEmptyString(node, what).map { [$0] } ?? [] }
        return sequenceOfStrings(node, what)
    }

    /// A non-empty list of non-empty strings (a single string is a problem).
    func sequenceOfStrings(_ node: YAMLNode, _ what: String) -> [Located<String>] {
        guard let items = node.sequence else {
            report("\(what) must be a sequence, found \(node.kindDescription)", at: node.location)
            return []
        }
        if items.isEmpty { report("\(what) must not be an empty list; remove it or add an item", at: node.location) }
        return items.compactMap { nonEmptyString($0, "each item of \(what)") }
    }

    /// A mapping that must have entries when given (`container: {}` says nothing).
    func nonEmptyMapping(_ node: YAMLNode, _ what: String, allowedKeys: [String]? = nil) -> [YAMLPair]? {
        guard let pairs = mapping(node, what, allowedKeys: allowedKeys) else { return nil }
        if pairs.isEmpty { report("\(what) must not be empty; remove it or fill it in", at: node.location) }
        return pairs
    }

    func bool(_ node: YAMLNode, _ what: String) -> Expressible<Bool>? {
        typed(node, what, expected: "a boolean") { value in
            if case .bool(let bool) = value { return bool }
            return nil
        }
    }

    func number(_ node: YAMLNode, _ what: String) -> Expressible<Double>? {
        typed(node, what, expected: "a number") { value in
            switch value {
            case .int(let int): return Double(int)
            case .float(let float): return float
            default: return nil
            }
        }
    }

    /// A value of one scalar type, or a string holding `${{ }}` that computes it later.
    private func typed<Value>(_ node: YAMLNode, _ what: String, expected: String,
                              _ convert: (ScalarValue) -> Value?) -> Expressible<Value>? {
        guard let scalar = node.scalar else {
            report("\(what) must be \(expected), found \(node.kindDescription)", at: node.location)
            return nil
        }
        if let value = convert(scalar.value) { return .value(Located(value, at: node.location)) }
        if case .string(let text) = scalar.value, text.containsExpression {
            return .expression(Located(text, at: node.location))
        }
        report("\(what) must be \(expected) or a ${{ }} expression, found \(scalar.value.kindDescription) "
               + "\"\(scalar.text)\"", at: node.location)
        return nil
    }

    /// Reports names that differ only in case: GitHub treats env names, inputs, job ids and the like without case.
    func checkUniqueIgnoringCase(_ pairs: [YAMLPair], _ what: String) {
        var seen: [String: SourceLocation] = [:]
        for pair in pairs {
            if let first = seen.updateValue(pair.key.location, forKey: pair.name.lowercased()), first != pair.key.location {
                report("\"\(pair.name)\" repeats a name of \(what) defined at line \(first.line), column \(first.column); "
                       + "these names ignore case", at: pair.key.location)
            }
        }
    }

    /// A mapping of names to text values (`env:`, `outputs:`, `with:` of a step); names are unique ignoring case.
    func keyValues(_ node: YAMLNode, _ what: String) -> [KeyValue] {
        guard let pairs = mapping(node, what) else { return [] }
        checkUniqueIgnoringCase(pairs, what)
        return pairs.compactMap { pair in
            string(pair.value, "the value of \"\(pair.name)\" in \(what)").map {
                KeyValue(key: Located(pair.name, at: pair.key.location), value: $0)
            }
        }
    }

    /// `env:`: a mapping of variables, or one expression that yields the mapping.
    func env(_ node: YAMLNode, _ what: String) -> Expressible<[KeyValue]>? {
        if let scalar = node.scalar, scalar.text.containsExpression {
            return .expression(Located(scalar.text, at: node.location))
        }
        guard node.mapping != nil else {
            report("\(what) must be a mapping of variables, found \(node.kindDescription)", at: node.location)
            return nil
        }
        return .value(Located(keyValues(node, what), at: node.location))
    }

    /// The text of a scalar that is a `${{ }}` template, where a mapping or list could also stand.
    func expression(_ node: YAMLNode) -> Located<String>? {
        guard let scalar = node.scalar, scalar.text.containsExpression else { return nil }
        return Located(scalar.text, at: node.location)
    }

    /// Reports each key of `required` missing from `pairs`, at `location` (the key that opened the section).
    func require(_ required: [String], in pairs: [YAMLPair], at location: SourceLocation, _ what: String) {
        for key in required where !pairs.contains(where: { $0.name == key }) {
            report("\(what) is missing the required key \"\(key)\"", at: location)
        }
    }

    func require(_ required: [String], in pairs: [YAMLPair], of node: YAMLNode, _ what: String) {
        require(required, in: pairs, at: node.location, what)
    }

    /// A number that must be above zero when given literally (`timeout-minutes`, `max-parallel`).
    func positiveNumber(_ node: YAMLNode, _ what: String) -> Expressible<Double>? {
        let number = number(node, what)
        if let value = number?.literal, value <= 0 {
            report("\(what) must be greater than zero, found \(NumberText.format(value))", at: node.location)
        }
        return number
    }
}

extension ScalarValue {
    /// The text of a scalar where a string is expected: GitHub turns `3.10` into "3.1" and `true` into "true".
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .float(let float): return NumberText.format(float)
        case .string(let string): return string
        }
    }
}
