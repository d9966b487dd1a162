/// `strategy.matrix` with every `${{ }}` evaluated: the dimensions, `include` and `exclude` rows as expression
/// values, ready for `MatrixExpansion` to combine. GitHub evaluates expressions anywhere in a strategy: the whole
/// matrix, a key, one dimension's list, `include`/`exclude`, or a single value inside them (a lone expression
/// that gives a list adds its elements to the dimension). Everything keeps the place it
/// was written (for a computed part, the expression's), so errors point there.
struct EvaluatedMatrix {
    struct Dimension {
        var name: String
        var values: [ExpressionValue]
        var location: SourceLocation
    }

    /// One `key: value` of an include or exclude row.
    struct Entry {
        var key: String
        var value: ExpressionValue
        var location: SourceLocation
    }

    var dimensions: [Dimension] = []
    var include: [[Entry]] = []
    var exclude: [[Entry]] = []
    var location: SourceLocation
    /// Where `include` and `exclude` were written (or computed), when they were.
    var includeLocation: SourceLocation?
    var excludeLocation: SourceLocation?

    /// Whether `key` names a dimension (matrix keys ignore case).
    func hasDimension(_ key: String) -> Bool {
        dimensions.contains { CaseInsensitive.equal($0.name, key) }
    }

    init(_ matrix: Expressible<Matrix>, jobID: String, context: EvaluationContext) throws(PlanningError) {
        let reader = Reader(context: context,
                            what: jobID.isEmpty ? "strategy.matrix" : "strategy.matrix of job \"\(jobID)\"")
        location = matrix.location
        switch matrix {
        case .expression(let text):
            let value = try reader.evaluate(text)
            guard case .object(let object) = value else {
                throw reader.error("\(text.value) gives \(value.kindName) \(value), not an object; the matrix must be "
                                   + "a mapping of keys to lists of values", at: text.location)
            }
            for entry in object.entries {
                let computed = Located(entry.value, at: text.location)
                switch entry.key {
                case "include":
                    include = try reader.rows(computed, "include")
                    includeLocation = text.location
                case "exclude":
                    exclude = try reader.rows(computed, "exclude")
                    excludeLocation = text.location
                default: dimensions.append(try reader.dimension(entry.key, computed))
                }
            }
        case .value(let literal):
            for dimension in literal.value.dimensions {
                dimensions.append(try reader.dimension(dimension))
            }
            if let rows = literal.value.include {
                include = try reader.rows(rows, "include")
                includeLocation = rows.location
            }
            if let rows = literal.value.exclude {
                exclude = try reader.rows(rows, "exclude")
                excludeLocation = rows.location
            }
        }
    }

    /// Reads matrix YAML into values, evaluating `${{ }}` with the contexts of `jobs.<id>.strategy`.
    private struct Reader {
        let context: EvaluationContext
        let what: String

        func error(_ message: String, at location: SourceLocation) -> PlanningError {
            PlanningError("\(what): \(message)", at: location)
        }

        func evaluate(_ text: Located<String>) throws(PlanningError) -> ExpressionValue {
            try PlanningExpression.evaluate(text, at: .jobStrategy, in: context, what: what)
        }

        /// A YAML value, with each string that holds `${{ }}` replaced by what it evaluates to.
        func value(_ node: YAMLNode) throws(PlanningError) -> ExpressionValue {
            switch node.content {
            case .scalar(let scalar):
                if case .string(let text) = scalar.value, text.containsExpression {
                    return try evaluate(Located(text, at: node.location))
                }
                return ExpressionValue(scalar.value)
            case .sequence(let items):
                var values: [ExpressionValue] = []
                for item in items { values.append(try value(item)) }
                return .array(ExpressionArray(values))
            case .mapping(let pairs):
                var entries: [(key: String, value: ExpressionValue)] = []
                for pair in pairs { entries.append((pair.name, try value(pair.value))) }
                return .object(ExpressionObject(entries))
            }
        }

        func dimension(_ dimension: Matrix.Dimension) throws(PlanningError) -> Dimension {
            let name = try key(dimension.name)
            switch dimension.values {
            case .expression(let text):
                return try self.dimension(name, Located(try evaluate(text), at: text.location))
            case .value(let nodes):
                var values: [ExpressionValue] = []
                for node in nodes.value { values += try items(node) }
                return try checked(Dimension(name: name, values: values, location: nodes.location))
            }
        }

        /// A matrix key as written, or what `${{ }}` in it gives (`${{ needs.setup.outputs.axis }}: [a, b]`).
        private func key(_ name: Located<String>) throws(PlanningError) -> String {
            guard name.value.containsExpression else { return name.value }
            let text = try evaluate(name).coercedString
            guard !text.isEmpty else {
                throw error("the matrix key \(name.value) evaluates to an empty name; make it give a name or write "
                            + "the key out", at: name.location)
            }
            return text
        }

        /// The values one list item stands for: itself, or, when the item is a lone `${{ }}` that gives a list,
        /// that list's elements, spliced into the dimension as GitHub does (`[a, '${{ fromJSON(vars.MORE) }}']`).
        private func items(_ node: YAMLNode) throws(PlanningError) -> [ExpressionValue] {
            let item = try value(node)
            guard case .array(let list) = item, case .scalar(let scalar) = node.content, case .string(let text) = scalar.value,
                  (try? ExpressionTemplate.parse(text, allowedContexts: nil))?.isSingleExpression == true
            else { return [item] }
            return list.elements
        }

        /// A dimension whose list an expression gave.
        func dimension(_ name: String, _ computed: Located<ExpressionValue>) throws(PlanningError) -> Dimension {
            guard case .array(let array) = computed.value else {
                throw error("the values of matrix key \"\(name)\" must be a list, but the expression gives "
                            + "\(computed.value.kindName) \(computed.value); use a list such as [\"a\", \"b\"]",
                            at: computed.location)
            }
            return try checked(Dimension(name: name, values: array.elements, location: computed.location))
        }

        /// GitHub refuses a key without values: it would multiply the matrix by zero.
        private func checked(_ dimension: Dimension) throws(PlanningError) -> Dimension {
            guard !dimension.values.isEmpty else {
                throw error("matrix key \"\(dimension.name)\" has no values; give it at least one or remove it",
                            at: dimension.location)
            }
            return dimension
        }

        func rows(_ rows: Expressible<[[KeyNode]]>, _ section: String) throws(PlanningError) -> [[Entry]] {
            switch rows {
            case .expression(let text):
                return try self.rows(Located(try evaluate(text), at: text.location), section)
            case .value(let literal):
                var result: [[Entry]] = []
                for row in literal.value {
                    var entries: [Entry] = []
                    for entry in row {
                        entries.append(Entry(key: entry.key.value, value: try value(entry.value),
                                             location: entry.key.location))
                    }
                    result.append(entries)
                }
                return result
            }
        }

        /// Rows an expression gave: a list of objects.
        func rows(_ computed: Located<ExpressionValue>, _ section: String) throws(PlanningError) -> [[Entry]] {
            guard case .array(let array) = computed.value else {
                throw error("\(section) must be a list of mappings, but the expression gives "
                            + "\(computed.value.kindName) \(computed.value)", at: computed.location)
            }
            var result: [[Entry]] = []
            for element in array.elements {
                guard case .object(let object) = element else {
                    throw error("each row of \(section) must be a mapping of matrix keys to values, but the "
                                + "expression gives \(element.kindName) \(element)", at: computed.location)
                }
                result.append(object.entries.map { Entry(key: $0.key, value: $0.value, location: computed.location) })
            }
            return result
        }
    }
}
