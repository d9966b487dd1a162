/// Between YAML values and expression values: matrix values written in a workflow become data a job sees, and
/// a matrix combination goes back into YAML in a single-job payload.
extension ExpressionValue {
    /// A scalar keeps its type: `14` is a number, `true` a boolean, `'14'` a string, `~` null.
    init(_ scalar: ScalarValue) {
        switch scalar {
        case .null: self = .null
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .number(Double(int))
        case .float(let float): self = .number(float)
        case .string(let string): self = .string(string)
        }
    }
}

extension YAMLNode {
    /// The YAML for an expression value: objects become mappings in their key order, arrays sequences, and
    /// scalars keep their type, so loading the emitted text gives the same value back. Whole numbers are
    /// written as integers (`10`, not `10.0`), as GitHub prints them. `location` is where the value came from.
    init(_ value: ExpressionValue, at location: SourceLocation) {
        switch value {
        case .null: self.init(scalar: .null, at: location)
        case .bool(let bool): self.init(scalar: .bool(bool), at: location)
        case .number(let number) where number.rounded() == number && abs(number) < 1e15:
            self.init(scalar: .int(Int(number)), at: location)
        case .number(let number): self.init(scalar: .float(number), at: location)
        case .string(let string): self.init(scalar: .string(string), at: location)
        case .array(let array):
            self.init(.sequence(array.elements.map { YAMLNode($0, at: location) }), at: location)
        case .object(let object):
            let pairs = object.entries.map { entry in
                YAMLPair(key: YAMLNode(scalar: .string(entry.key), at: location),
                         value: YAMLNode(entry.value, at: location))
            }
            self.init(.mapping(pairs), at: location)
        }
    }

    /// A scalar node spelled the way `value` is written plainly (`null`, `true`, `10`, `3.1`, the string itself).
    init(scalar value: ScalarValue, at location: SourceLocation) {
        let text = if case .string(let string) = value { string } else { value.canonicalSpelling }
        self.init(.scalar(YAMLScalar(text: text, style: .plain, value: value)), at: location)
    }
}
