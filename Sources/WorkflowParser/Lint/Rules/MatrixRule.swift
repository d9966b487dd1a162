/// `strategy.matrix`: no value twice in one key, and `exclude` rows that name matrix keys and values that occur,
/// since a row that matches no combination excludes nothing.
struct MatrixRule: LintRule {
    static let id = RuleID.matrix
    static let summary = "matrix values are not repeated, and exclude rows match combinations of the matrix"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let matrix = job.strategy?.matrix?.literal else { return }
        for dimension in matrix.dimensions { checkRepeats(in: dimension, into: &sink) }
        checkExclude(of: matrix, into: &sink)
    }

    private func checkRepeats(in dimension: Matrix.Dimension, into sink: inout DiagnosticSink) {
        var seen: [YAMLNode] = []
        for value in dimension.values.literal ?? [] {
            guard let first = seen.first(where: { Self.equal($0, value) }) else {
                seen.append(value)
                continue
            }
            sink.error("value \(Self.render(value)) of matrix \"\(dimension.name.value)\" repeats the one at line "
                       + "\(first.location.line), column \(first.location.column), so its jobs would run twice; "
                       + "remove one", at: value.location)
        }
    }

    /// The values a matrix key takes: those of its dimension plus those `include` rows add, each once.
    private struct KeyValues {
        var name: String
        var values: [YAMLNode] = []

        mutating func add(_ value: YAMLNode) {
            if !values.contains(where: { MatrixRule.equal($0, value) }) { values.append(value) }
        }
    }

    private func checkExclude(of matrix: Matrix, into sink: inout DiagnosticSink) {
        guard case .value(let exclude)? = matrix.exclude, !exclude.value.isEmpty else { return }
        // Rows an expression adds are unknown until the job runs.
        if case .expression? = matrix.include { return }
        let (keys, computedKeys) = keyValues(of: matrix)
        guard !keys.isEmpty || !computedKeys.isEmpty else {
            sink.error("exclude removes combinations, but the matrix has none; add matrix keys or remove exclude",
                       at: exclude.location)
            return
        }
        for entry in exclude.value.joined() where !computedKeys.contains(entry.key.value.lowercased()) {
            guard let known = keys[entry.key.value.lowercased()] else {
                sink.error("exclude names \"\(entry.key.value)\", which is not a key of the matrix; its keys are "
                           + keys.values.map { "\"\($0.name)\"" }.sorted().joined(separator: ", "),
                           at: entry.key.location)
                continue
            }
            if !known.values.contains(where: { Self.selects(entry.value, $0) }) {
                sink.error("exclude value \(Self.render(entry.value)) matches no value of matrix \"\(known.name)\", so "
                           + "the row excludes nothing; its values are "
                           + known.values.map(Self.render).joined(separator: ", "), at: entry.value.location)
            }
        }
    }

    /// The values of each matrix key by its lower-cased name (matrix keys ignore case, as the matrix context
    /// does), and the keys whose values an expression gives.
    private func keyValues(of matrix: Matrix) -> (keys: [String: KeyValues], computedKeys: Set<String>) {
        var keys: [String: KeyValues] = [:]
        var computedKeys: Set<String> = []
        for dimension in matrix.dimensions {
            let key = dimension.name.value.lowercased()
            guard let values = dimension.values.literal else {
                computedKeys.insert(key)
                continue
            }
            var known = KeyValues(name: dimension.name.value)
            values.forEach { known.add($0) }
            keys[key] = known
        }
        for entry in (matrix.include?.literal ?? []).joined() {
            let key = entry.key.value.lowercased()
            if !computedKeys.contains(key) { keys[key, default: KeyValues(name: entry.key.value)].add(entry.value) }
        }
        return (keys, computedKeys)
    }

    /// Same YAML value: scalars by the text the matrix context gives them (`14` and `'14'` are one value),
    /// sequences item by item, mappings key by key in any order.
    static func equal(_ lhs: YAMLNode, _ rhs: YAMLNode) -> Bool {
        switch (lhs.content, rhs.content) {
        case (.scalar(let left), .scalar(let right)):
            return left.value.text == right.value.text
        case (.sequence(let left), .sequence(let right)):
            return left.count == right.count && zip(left, right).allSatisfy(equal)
        case (.mapping(let left), .mapping(let right)):
            return left.count == right.count && left.allSatisfy { pair in
                right.first { $0.name == pair.name }.map { equal(pair.value, $0.value) } ?? false
            }
        default:
            return false
        }
    }

    /// Whether an exclude value selects a matrix value: a mapping needs only the keys it names to match
    /// (`os: {name: windows}` selects `{name: windows, arch: x64}`), and a `${{ }}` on either side is unknown
    /// until the job runs, so it may match.
    static func selects(_ filter: YAMLNode, _ value: YAMLNode) -> Bool {
        if filter.scalar?.text.containsExpression == true || value.scalar?.text.containsExpression == true {
            return true
        }
        switch (filter.content, value.content) {
        case (.mapping(let wanted), .mapping(let pairs)):
            return wanted.allSatisfy { pair in
                pairs.first { $0.name == pair.name }.map { selects(pair.value, $0.value) } ?? false
            }
        case (.sequence(let wanted), .sequence(let items)):
            return wanted.count == items.count && zip(wanted, items).allSatisfy(selects)
        default:
            return equal(filter, value)
        }
    }

    /// A value in flow style for messages: `"14"`, `["ubuntu", "latest"]`, `{"runner": "ubuntu-latest"}`.
    static func render(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let scalar): return "\"\(scalar.value.text)\""
        case .sequence(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\"\($0.name)\": \(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
