/// Builds a `YAMLNode` tree from libyaml's events: one document, anchors and aliases resolved, merge keys
/// (`<<`) applied, duplicate keys refused, and every limit in `YAMLLimits` enforced while reading.
public struct YAMLLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Loads the single document in `text`; nil when the file holds no document at all (empty or only comments).
    /// Every problem is an error, duplicate keys included.
    public func load(_ text: String, file: String) throws(YAMLError) -> YAMLNode? {
        try load(bytes: Array(text.utf8), file: file)
    }

    public func load(bytes: [UInt8], file: String) throws(YAMLError) -> YAMLNode? {
        let (root, composer) = try compose(bytes, file: file)
        if let first = composer.duplicateKeys.first { throw first }
        return root
    }

    /// Like `load`, but a duplicate key does not stop the load: the first definition is kept and the duplicate
    /// is returned as a problem, so `lint` can report it with everything else in the file. Anchors that no alias
    /// uses are returned as problems too (a sign of a forgotten alias); they do not fail `load`.
    public func loadRecovering(bytes: [UInt8], file: String) throws(YAMLError) -> (YAMLNode?, [YAMLError]) {
        let (root, composer) = try compose(bytes, file: file)
        return (root, composer.duplicateKeys + composer.unusedAnchors)
    }

    /// Checks the raw bytes, then builds the tree; the composer comes back for what it noticed on the way.
    private func compose(_ bytes: [UInt8], file: String) throws(YAMLError) -> (YAMLNode?, Composer) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard bytes.count <= limits.maximumFileSize else {
            throw YAMLError("file is \(bytes.count) bytes, more than the limit of \(limits.maximumFileSize); "
                            + "split it into smaller workflows", at: start)
        }
        if let offset = SourceText.firstInvalidUTF8(in: bytes) {
            let (line, column) = SourceText.lineAndColumn(of: offset, in: bytes)
            throw YAMLError("invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true)); "
                            + "save the file as UTF-8", at: SourceLocation(file: file, line: line, column: column))
        }
        var composer = Composer(reader: EventReader(bytes: bytes, file: file), limits: limits)
        do {
            let root = try composer.composeStream()
            return (root, composer)
        } catch {
            throw Self.explainTabs(error, in: bytes)
        }
    }

    /// libyaml reports a tab in indentation as "found character that cannot start any token"; say what it is.
    private static func explainTabs(_ error: YAMLError, in bytes: [UInt8]) -> YAMLError {
        guard let column = SourceText.tabInIndentation(line: error.location.line, in: bytes) else { return error }
        var location = error.location
        location.column = column
        return YAMLError("a tab character is used for indentation; YAML indents with spaces only", at: location)
    }
}

/// The event-to-tree state of one load.
private struct Composer {
    let reader: EventReader
    let limits: YAMLLimits
    /// Anchored nodes with the number of nodes each stands for, so an alias costs its full size.
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    /// Anchors no alias has used yet, with where each was defined.
    var unusedAnchorLocations: [String: SourceLocation] = [:]
    var aliasExpansion = 0
    /// Keys defined twice; the first definition stays in the tree.
    var duplicateKeys: [YAMLError] = []

    var unusedAnchors: [YAMLError] {
        unusedAnchorLocations.sorted { $0.value < $1.value }.map { name, location in
            YAMLError("anchor &\(name) is defined but no alias uses it; remove it or add *\(name) where it was meant",
                      at: location)
        }
    }

    init(reader: EventReader, limits: YAMLLimits) {
        self.reader = reader
        self.limits = limits
    }

    mutating func composeStream() throws(YAMLError) -> YAMLNode? {
        guard case .streamStart = try reader.next().0 else { return nil }
        var (event, location) = try reader.next()
        guard case .documentStart = event else { return nil }  // stream end: an empty file
        let (root, _) = try composeNode(depth: 0)
        guard case .documentEnd = try reader.next().0 else {
            throw YAMLError("unexpected content after the document", at: location)
        }
        (event, location) = try reader.next()
        if case .documentStart = event {
            throw YAMLError("a second YAML document starts here; a workflow file holds exactly one document "
                            + "(remove the `---` line or move the rest to its own file)", at: location)
        }
        return root
    }

    /// Composes the node whose events come next; returns it with its size in nodes (aliases counted in full).
    private mutating func composeNode(depth: Int) throws(YAMLError) -> (YAMLNode, Int) {
        let (event, location) = try reader.next()
        return try composeNode(startingWith: event, at: location, depth: depth)
    }

    private mutating func composeNode(startingWith event: YAMLEvent, at location: SourceLocation,
                                      depth: Int) throws(YAMLError) -> (YAMLNode, Int) {
        switch event {
        case .scalar(let text, let style, let tag, let anchor):
            let value = ScalarValue.resolve(text, style: style, tag: tag)
            let node = YAMLNode(.scalar(YAMLScalar(text: text, style: style, value: value)), at: location, tag: tag)
            return remember(node, size: 1, anchor: anchor)
        case .alias(let anchor):
            guard let (node, size) = anchors[anchor] else {
                throw YAMLError("alias *\(anchor) names no anchor defined before it; define &\(anchor) first",
                                at: location)
            }
            unusedAnchorLocations[anchor] = nil
            aliasExpansion += size
            guard aliasExpansion <= limits.maximumAliasExpansion else {
                throw YAMLError("aliases expand to more than \(limits.maximumAliasExpansion) nodes; "
                                + "this looks like an alias bomb, refusing to expand *\(anchor)", at: location)
            }
            // The copy keeps the anchor's positions: a problem in it is reported once, where it was written.
            return (node, size)
        case .sequenceStart(let tag, let anchor):
            try checkDepth(depth, at: location)
            var items: [YAMLNode] = []
            var size = 1
            while true {
                let (next, nextLocation) = try reader.next()
                if case .sequenceEnd = next { break }
                let (item, itemSize) = try composeNode(startingWith: next, at: nextLocation, depth: depth + 1)
                items.append(item)
                size += itemSize
            }
            return remember(YAMLNode(.sequence(items), at: location, tag: tag), size: size, anchor: anchor)
        case .mappingStart(let tag, let anchor):
            try checkDepth(depth, at: location)
            let (pairs, size) = try composeMapping(depth: depth)
            return remember(YAMLNode(.mapping(pairs), at: location, tag: tag), size: size, anchor: anchor)
        default:
            throw YAMLError("unexpected YAML structure", at: location)
        }
    }

    private mutating func composeMapping(depth: Int) throws(YAMLError) -> ([YAMLPair], Int) {
        var explicit: [YAMLPair] = []
        var merges: [(position: Int, sources: [YAMLNode])] = []
        var seen: [String: SourceLocation] = [:]
        var size = 1
        while true {
            let (event, location) = try reader.next()
            if case .mappingEnd = event { break }
            let (key, keySize) = try composeNode(startingWith: event, at: location, depth: depth + 1)
            let (value, valueSize) = try composeNode(depth: depth + 1)
            size += keySize + valueSize
            guard let keyScalar = key.scalar else {
                throw YAMLError("a mapping key must be a plain value, not \(key.kindDescription)", at: key.location)
            }
            if keyScalar.text == "<<", keyScalar.style == .plain, key.tag == nil {
                merges.append((explicit.count, try mergeSources(value)))
                continue
            }
            if let first = seen[keyScalar.text] {
                duplicateKeys.append(YAMLError("key \"\(keyScalar.text)\" is defined twice (first at line \(first.line), "
                                               + "column \(first.column)); remove one of them", at: key.location))
                continue
            }
            seen[keyScalar.text] = key.location
            explicit.append(YAMLPair(key: key, value: value))
        }
        return (Self.applyMerges(merges, to: explicit, explicitKeys: seen), size)
    }

    /// `<<: *a` or `<<: [*a, *b]`: the mappings whose entries a merge key brings in.
    private func mergeSources(_ value: YAMLNode) throws(YAMLError) -> [YAMLNode] {
        let sources = value.sequence ?? [value]
        for source in sources where source.mapping == nil {
            throw YAMLError("a merge key (<<) takes a mapping or a list of mappings, not \(source.kindDescription)",
                            at: source.location)
        }
        return sources
    }

    /// Merged entries go where `<<` stood; explicit keys win, and among merged sources the first one wins.
    private static func applyMerges(_ merges: [(position: Int, sources: [YAMLNode])], to explicit: [YAMLPair],
                                    explicitKeys: [String: SourceLocation]) -> [YAMLPair] {
        guard !merges.isEmpty else { return explicit }
        var taken = Set(explicitKeys.keys)
        var result: [YAMLPair] = []
        var nextExplicit = 0
        for merge in merges {
            result.append(contentsOf: explicit[nextExplicit..<merge.position])
            nextExplicit = merge.position
            for pair in merge.sources.flatMap({ $0.mapping ?? [] }) where taken.insert(pair.name).inserted {
                result.append(pair)
            }
        }
        result.append(contentsOf: explicit[nextExplicit...])
        return result
    }

    private func checkDepth(_ depth: Int, at location: SourceLocation) throws(YAMLError) {
        guard depth < limits.maximumDepth else {
            throw YAMLError("nesting is deeper than \(limits.maximumDepth) levels", at: location)
        }
    }

    private mutating func remember(_ node: YAMLNode, size: Int, anchor: String?) -> (YAMLNode, Int) {
        if let anchor {
            anchors[anchor] = (node, size)
            unusedAnchorLocations[anchor] = node.location
        }
        return (node, size)
    }
}
