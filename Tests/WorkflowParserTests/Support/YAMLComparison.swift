import WorkflowParser

/// Same YAML values: scalars by their resolved value, sequences item by item, mappings key by key in order.
/// Positions, styles and tags are ignored.
func sameYAML(_ left: YAMLNode, _ right: YAMLNode) -> Bool {
    switch (left.content, right.content) {
    case (.scalar(let a), .scalar(let b)):
        return a.value == b.value
    case (.sequence(let a), .sequence(let b)):
        return a.count == b.count && zip(a, b).allSatisfy(sameYAML)
    case (.mapping(let a), .mapping(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && sameYAML($0.value, $1.value) }
    default:
        return false
    }
}
