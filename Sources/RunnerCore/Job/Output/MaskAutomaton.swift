/// An Aho–Corasick automaton over the UTF-8 bytes of the secrets: one pass over a line finds every occurrence of
/// every secret, so masking costs the same with one secret or thousands (a loop of searches costs one pass each).
///
/// States are numbered breadth first. The root and the states one byte deep (at most 257) get a full row of 256
/// transitions: text that matches nothing keeps the automaton there, so most bytes cost one table read. Deeper
/// states keep only their trie children and follow failure links, which keeps memory proportional to the total
/// length of the secrets rather than 256 entries per state.
///
/// Immutable once built, so a line is matched without holding the masker's lock.
final class MaskAutomaton: Sendable {
    private let trie: LinkedTrie
    /// `rows[state << 8 | byte]`: the next state from the root or a state one byte deep, failure links already
    /// followed.
    private let rows: [Int32]

    /// Builds the automaton for `secrets`, each a non-empty byte string; duplicates are harmless.
    init(secrets: [[UInt8]]) {
        let trie = LinkedTrie(TrieBuilder(secrets: secrets))
        var rows = [Int32](repeating: 0, count: trie.depthOneEnd << 8)
        for state in 0..<trie.depthOneEnd {
            for byte in 0..<256 { rows[state << 8 | byte] = Int32(trie.step(from: state, UInt8(byte))) }
        }
        self.trie = trie
        self.rows = rows
    }

    /// The byte ranges of `text` covered by secrets, in order, overlapping and touching occurrences merged into
    /// one range (as actions/runner does), so a mask never reveals where one secret ends and the next begins.
    func coveredRanges(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var state = 0
        for position in 0..<text.count {
            state = next(from: state, text[position])
            let length = Int(trie.matchLength[state])
            guard length > 0 else { continue }
            let end = position + 1
            var start = end - length
            // Ends only grow, so a new occurrence can only swallow the most recent ranges.
            while let last = ranges.last, start <= last.upperBound {
                start = min(start, last.lowerBound)
                ranges.removeLast()
            }
            ranges.append(start..<end)
        }
        return ranges
    }

    @inline(__always)
    private func next(from state: Int, _ byte: UInt8) -> Int {
        var state = state
        while state >= trie.depthOneEnd {
            if let child = trie.child(of: state, byte) { return child }
            state = Int(trie.failure[state])
        }
        return Int(rows[state << 8 | Int(byte)])
    }
}

/// The trie in breadth-first order with its failure links, children in flat arrays: a parent comes before its
/// children and every state after its failure state, so one pass in state order can compute the links.
private struct LinkedTrie: Sendable {
    /// The children of state `s` are `childBytes[childStart[s]..<childStart[s + 1]]`, with the same range of
    /// `childTargets`.
    let childStart: [Int32]
    let childBytes: [UInt8]
    let childTargets: [Int32]
    /// The state for the longest proper suffix of a state's text that is also a trie prefix.
    private(set) var failure: [Int32]
    /// Length of the longest secret that ends the state's text, 0 when none does. Any shorter secret ending at
    /// the same place lies inside that one, so it is all masking needs.
    private(set) var matchLength: [Int32]
    /// The states one byte deep and the root are `0..<depthOneEnd`.
    let depthOneEnd: Int

    init(_ built: TrieBuilder) {
        let order = built.breadthFirstOrder()
        var renumbered = [Int32](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { renumbered[old] = Int32(new) }
        var childStart = [Int32](repeating: 0, count: order.count + 1)
        var childBytes: [UInt8] = []
        var childTargets: [Int32] = []
        for (new, old) in order.enumerated() {
            childStart[new] = Int32(childBytes.count)
            for (byte, child) in built.children[old] {
                childBytes.append(byte)
                childTargets.append(renumbered[child])
            }
        }
        childStart[order.count] = Int32(childBytes.count)
        self.childStart = childStart
        self.childBytes = childBytes
        self.childTargets = childTargets
        failure = [Int32](repeating: 0, count: order.count)
        matchLength = [Int32](repeating: 0, count: order.count)
        depthOneEnd = order.firstIndex { built.depth[$0] > 1 } ?? order.count

        for (state, old) in order.enumerated() {
            matchLength[state] = built.isEnd[old] ? Int32(built.depth[old]) : matchLength[Int(failure[state])]
            guard state != 0 else { continue }  // the root's children fail to the root
            for index in Int(childStart[state])..<Int(childStart[state + 1]) {
                failure[Int(childTargets[index])] = Int32(step(from: Int(failure[state]), childBytes[index]))
            }
        }
    }

    @inline(__always)
    func child(of state: Int, _ byte: UInt8) -> Int? {
        for index in Int(childStart[state])..<Int(childStart[state + 1]) where childBytes[index] == byte {
            return Int(childTargets[index])
        }
        return nil
    }

    /// The state after `byte` from `state`, following failure links while the byte has no child.
    func step(from state: Int, _ byte: UInt8) -> Int {
        var state = state
        while true {
            if let child = child(of: state, byte) { return child }
            if state == 0 { return 0 }
            state = Int(failure[state])
        }
    }
}

/// The trie of the secrets, as built: node 0 is the root, children in insertion order.
private struct TrieBuilder {
    var children: [[(byte: UInt8, node: Int)]] = [[]]
    var depth: [Int] = [0]
    /// Whether a secret ends at a node.
    var isEnd: [Bool] = [false]

    init(secrets: [[UInt8]]) {
        for secret in secrets where !secret.isEmpty {
            var node = 0
            for byte in secret {
                if let next = children[node].first(where: { $0.byte == byte })?.node {
                    node = next
                } else {
                    children.append([])
                    depth.append(depth[node] + 1)
                    isEnd.append(false)
                    children[node].append((byte, children.count - 1))
                    node = children.count - 1
                }
            }
            isEnd[node] = true
        }
    }

    /// Node numbers in breadth-first order, the root first.
    func breadthFirstOrder() -> [Int] {
        var order = [0]
        order.reserveCapacity(children.count)
        var next = 0
        while next < order.count {
            order.append(contentsOf: children[order[next]].map(\.node))
            next += 1
        }
        return order
    }
}
