/// Writes a node tree as one YAML document in block style, two spaces per level, each scalar spelled as
/// `ScalarSpelling` decides. Positions, styles and tags of the input are not kept: the output is meant to be
/// read back as the same values (by this project's loader, and by readers following YAML 1.1), not to
/// reproduce the original text. Empty mappings and sequences are written `{}` and `[]`.
public enum YAMLEmitter {
    public static func document(_ root: YAMLNode) -> String {
        var writer = Writer()
        switch root.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            writer.writeMapping(pairs, indent: 0, continuingLine: false)
        case .sequence(let items) where !items.isEmpty:
            writer.writeSequence(items, indent: 0, continuingLine: false)
        default:
            writer.writeValue(root, indent: 0, afterKey: false)
            writer.text.removeFirst()  // the space a value gets after `key:` or `-`
        }
        return writer.text
    }

    private struct Writer {
        var text = ""

        /// One `key: value` per line at `indent`; with `continuingLine` the first goes on the current line
        /// (after the `- ` of the sequence entry that holds the mapping).
        mutating func writeMapping(_ pairs: [YAMLPair], indent: Int, continuingLine: Bool) {
            for (index, pair) in pairs.enumerated() {
                if index > 0 || !continuingLine { text += String(repeating: " ", count: indent) }
                text += key(pair) + ":"
                writeValue(pair.value, indent: indent, afterKey: true)
            }
        }

        /// One `- item` per line at `indent`, placed like `writeMapping`'s entries.
        mutating func writeSequence(_ items: [YAMLNode], indent: Int, continuingLine: Bool) {
            for (index, item) in items.enumerated() {
                if index > 0 || !continuingLine { text += String(repeating: " ", count: indent) }
                text += "-"
                writeValue(item, indent: indent, afterKey: false)
            }
        }

        /// A value after `key:` or `-` in a collection at `indent`; ends with its line break. A nested
        /// collection starts on the next line under a key, and right after `- ` in a sequence entry.
        mutating func writeValue(_ node: YAMLNode, indent: Int, afterKey: Bool) {
            switch node.content {
            case .scalar(let scalar):
                let spelling = ScalarSpelling.choose(for: scalar, allowsBlock: true)
                text += " " + spelling.inlineText + "\n"
                if case .literal(_, let lines) = spelling {
                    let margin = String(repeating: " ", count: indent + 2)
                    for line in lines { text += (line.isEmpty ? "" : margin + line) + "\n" }
                }
            case .mapping(let pairs) where pairs.isEmpty:
                text += " {}\n"
            case .sequence(let items) where items.isEmpty:
                text += " []\n"
            case .mapping(let pairs):
                text += afterKey ? "\n" : " "
                writeMapping(pairs, indent: indent + 2, continuingLine: !afterKey)
            case .sequence(let items):
                text += afterKey ? "\n" : " "
                writeSequence(items, indent: indent + 2, continuingLine: !afterKey)
            }
        }

        /// A mapping key on one line (the loader only makes scalar keys; `name` stands in for any other).
        private func key(_ pair: YAMLPair) -> String {
            let scalar = pair.key.scalar ?? YAMLScalar(text: pair.name, style: .plain, value: .string(pair.name))
            return ScalarSpelling.choose(for: scalar, allowsBlock: false).inlineText
        }
    }
}
