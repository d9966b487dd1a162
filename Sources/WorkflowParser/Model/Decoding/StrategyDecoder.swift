/// Decodes `strategy:` and its matrix.
struct StrategyDecoder {
    let reader: ModelReader

    func decode(_ node: YAMLNode, _ what: String) -> Strategy? {
        guard let pairs = reader.mapping(node, "strategy of \(what)", allowedKeys: ["matrix", "fail-fast", "max-parallel"])
        else { return nil }
        var strategy = Strategy()
        for pair in pairs {
            switch pair.name {
            case "matrix": strategy.matrix = matrix(pair.value)
            case "fail-fast": strategy.failFast = reader.bool(pair.value, "fail-fast")
            case "max-parallel": strategy.maxParallel = maxParallel(pair.value)
            default: break
            }
        }
        return strategy
    }

    /// A whole number of jobs. Zero is accepted (real workflows use it to mean "no limit"), negatives are not.
    private func maxParallel(_ node: YAMLNode) -> Expressible<Double>? {
        let number = reader.number(node, "max-parallel")
        if let value = number?.literal, value < 0 || value != value.rounded() {
            reader.report("max-parallel must be a whole number of jobs, found \(NumberText.format(value))",
                          at: node.location)
        }
        return number
    }

    private func matrix(_ node: YAMLNode) -> Expressible<Matrix>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        guard let pairs = reader.mapping(node, "matrix") else { return nil }
        reader.checkUniqueIgnoringCase(pairs, "matrix")
        var matrix = Matrix()
        for pair in pairs {
            switch pair.name {
            case "include": matrix.include = rows(pair.value, "matrix include")
            case "exclude": matrix.exclude = rows(pair.value, "matrix exclude")
            default:
                if let values = dimension(pair.value, pair.name) {
                    matrix.dimensions.append(Matrix.Dimension(name: Located(pair: pair), values: values))
                }
            }
        }
        return .value(Located(matrix, at: node.location))
    }

    private func dimension(_ node: YAMLNode, _ name: String) -> Expressible<[YAMLNode]>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        guard let items = node.sequence else {
            reader.report("matrix value \"\(name)\" must be a list of values or a ${{ }} expression, found "
                          + node.kindDescription, at: node.location)
            return nil
        }
        if items.isEmpty { reader.report("matrix value \"\(name)\" must not be an empty list", at: node.location) }
        return .value(Located(items, at: node.location))
    }

    private func rows(_ node: YAMLNode, _ what: String) -> Expressible<[[KeyNode]]>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        guard let items = node.sequence else {
            reader.report("\(what) must be a list of mappings, found \(node.kindDescription)", at: node.location)
            return nil
        }
        if items.isEmpty { reader.report("\(what) must not be an empty list; remove it or add rows", at: node.location) }
        let rows = items.compactMap { item in
            reader.mapping(item, "each row of \(what)")?.map { KeyNode(key: Located(pair: $0), value: $0.value) }
        }
        return .value(Located(rows, at: node.location))
    }
}
