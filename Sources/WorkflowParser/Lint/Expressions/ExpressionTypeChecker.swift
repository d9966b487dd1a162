/// Types an expression tree bottom-up and collects what cannot work whatever the values are at run time.
struct ExpressionTypeChecker {
    let scope: TypeScope
    private(set) var problems: [PositionedProblem] = []

    init(scope: TypeScope) {
        self.scope = scope
    }

    /// The type of `node`, recording problems on the way; a problem makes its node `any` so it is reported once.
    mutating func type(of node: ExpressionNode) -> ExpressionType {
        switch node.kind {
        case .literal(let value): return Self.type(of: value)
        case .context(let name): return scope.contexts[name.lowercased()] ?? .any
        case .access(let base, let key): return access(base, key, at: node)
        case .not(let operand):
            _ = type(of: operand)
            return .bool
        case .comparison(_, let left, let right):
            _ = type(of: left)
            _ = type(of: right)
            return .bool
        case .and(let operands), .or(let operands):
            let types = operands.map { type(of: $0) }
            return types.dropFirst().reduce(types.first ?? .any) { $0.merged(with: $1) }
        case .call(let function, let arguments): return call(function, arguments, at: node)
        }
    }

    private mutating func access(_ base: ExpressionNode, _ key: ExpressionNode.AccessKey,
                                 at node: ExpressionNode) -> ExpressionType {
        let baseType = type(of: base)
        switch key {
        case .wildcard:
            switch baseType {
            case .object(let properties, let others):
                let types = Array(properties.values) + (others.map { [$0] } ?? [])
                return .array(types.dropFirst().reduce(types.first ?? .any) { $0.merged(with: $1) })
            case .array(let element): return .array(element)
            default: return .array(.any)
            }
        case .property(let name):
            return property(name, of: baseType, at: node)
        case .index(let index):
            let indexType = type(of: index)
            switch baseType {
            case .array(let element):
                if indexType == .string || indexType == .bool {
                    record("an array is indexed by a number, not a \(indexType)", at: index)
                    return .any
                }
                return element
            case .object:
                if case .literal(.string(let name)) = index.kind { return property(name, of: baseType, at: node) }
                if indexType == .number || indexType == .bool || indexType == .null {
                    record("an object is indexed by a property name (a string), not a \(indexType)", at: index)
                    return .any
                }
                return baseType.property("").flatMap { $0 } ?? .any
            default: return .any
            }
        }
    }

    private mutating func property(_ name: String, of baseType: ExpressionType, at node: ExpressionNode) -> ExpressionType {
        switch baseType {
        case .any: return .any
        case .array(let element):
            // After `.*` a property applies to each element.
            return .array(element == .any ? .any : property(name, of: element, at: node))
        case .object:
            if case .some(.some(let type)) = baseType.property(name) { return type }
            record("property \"\(name)\" does not exist in \(baseType)", at: node)
            return .any
        default:
            record("\"\(name)\" is read from a \(baseType), which has no properties", at: node)
            return .any
        }
    }

    private mutating func call(_ function: BuiltinFunction, _ arguments: [ExpressionNode],
                               at node: ExpressionNode) -> ExpressionType {
        let types = arguments.map { type(of: $0) }
        switch function {
        case .contains:
            // contains(search, item): search is a string or an array; the item is compared, so a plain value.
            if case .object? = types.first { recordArgument(1, of: function, is: types[0], wants: "a string or an array", arguments) }
            if types.count > 1, types[1].isComposite { recordArgument(2, of: function, is: types[1], wants: "a plain value", arguments) }
            return .bool
        case .startsWith, .endsWith:
            for (index, type) in types.enumerated() where type.isComposite {
                recordArgument(index + 1, of: function, is: type, wants: "a string", arguments)
            }
            return .bool
        case .success, .always, .failure, .cancelled: return .bool
        case .join, .toJSON, .hashFiles: return .string
        case .format:
            if case .literal(.string(let format))? = arguments.first?.kind {
                checkFormat(format, given: arguments.count - 1, at: node)
            }
            return .string
        case .fromJSON:
            guard case .literal(.string(let json))? = arguments.first?.kind else { return .any }
            do {
                return Self.type(of: try ExpressionValue(parsingJSON: json))
            } catch {
                record("fromJSON() gets a string that is not JSON: \(error)", at: arguments[0])
                return .any
            }
        case .case:
            // case(pred1, value1, pred2, value2, ..., default): the values and the default.
            let values = types.enumerated().filter { $0.offset % 2 == 1 || $0.offset == types.count - 1 }.map(\.element)
            return values.dropFirst().reduce(values.first ?? .any) { $0.merged(with: $1) }
        }
    }

    /// `{N}` placeholders against the arguments given, when the format is written literally.
    private mutating func checkFormat(_ format: String, given count: Int, at node: ExpressionNode) {
        var used: Set<Int> = []
        var characters = format[...]
        while let open = characters.firstIndex(of: "{") {
            let after = characters[characters.index(after: open)...]
            if after.first == "{" {
                characters = after.dropFirst()
                continue
            }
            guard let close = after.firstIndex(of: "}") else { break }
            if let index = Int(after[..<close]) { used.insert(index) }
            characters = after[after.index(after: close)...]
        }
        if let missing = used.filter({ $0 >= count }).min() {
            record("format string \"\(format)\" has placeholder {\(missing)} but only \(count) "
                   + "argument\(count == 1 ? " follows" : "s follow") it", at: node)
        }
        if let unused = (0..<count).first(where: { !used.contains($0) }) {
            record("format string \"\(format)\" has no placeholder {\(unused)}: that argument is never used", at: node)
        }
    }

    private mutating func recordArgument(_ number: Int, of function: BuiltinFunction, is type: ExpressionType,
                                         wants expected: String, _ arguments: [ExpressionNode]) {
        record("argument \(number) of \(function.rawValue)() must be \(expected), but it is \(type)",
               at: arguments[number - 1])
    }

    private mutating func record(_ message: String, at node: ExpressionNode) {
        problems.append(PositionedProblem(message, at: node.leftmostPosition))
    }

    static func type(of value: ExpressionValue) -> ExpressionType {
        switch value {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .array(let array):
            let types = array.elements.map(type(of:))
            return .array(types.dropFirst().reduce(types.first ?? .any) { $0.merged(with: $1) })
        case .object(let object):
            return .strict(Dictionary(object.entries.map { ($0.key, type(of: $0.value)) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}

extension ExpressionNode {
    /// Where the text of this node begins: for `a.b.c` the `a`, which is where a reader looks for the mistake.
    var leftmostPosition: Int {
        switch kind {
        case .access(let base, _): return base.leftmostPosition
        case .comparison(_, let left, _): return left.leftmostPosition
        case .and(let operands), .or(let operands): return operands.first?.leftmostPosition ?? position
        default: return position
        }
    }
}

extension ExpressionTyping {
    /// Problems of types in one expression.
    func problems(in root: ExpressionNode, _ scope: TypeScope) -> [PositionedProblem] {
        var checker = ExpressionTypeChecker(scope: scope)
        _ = checker.type(of: root)
        return checker.problems
    }

    /// The type of an expression, ignoring problems (they are reported by `problems(in:)`).
    func type(of expression: WorkflowExpression, _ scope: TypeScope) -> ExpressionType {
        guard let root = expression.root else { return .null }
        var checker = ExpressionTypeChecker(scope: scope)
        return checker.type(of: root)
    }
}
