/// GitHub compares strings "ordinal, ignoring case": each UTF-16 unit is upper-cased with the simple one-to-one
/// Unicode mapping, then units are compared by number. So 'ς', 'σ' and 'Σ' are equal, 'ß' is not 'SS', and
/// 'a' sorts after '[' (as 'A' does). The dotless 'ı' is left alone, so it does not equal 'I' (GitHub's corpus
/// checks this Turkish pair both ways).
enum CaseInsensitive {
    /// The upper-cased UTF-16 units that comparisons work on.
    static func fold(_ text: String) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(text.utf16.count)
        for scalar in text.unicodeScalars {
            UTF16.encode(upper(scalar)) { units.append($0) }
        }
        return units
    }

    static func equal(_ left: String, _ right: String) -> Bool {
        fold(left) == fold(right)
    }

    static func less(_ left: String, _ right: String) -> Bool {
        fold(left).lexicographicallyPrecedes(fold(right))
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        fold(text).starts(with: fold(prefix))
    }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        fold(text).reversed().starts(with: fold(suffix).reversed())
    }

    static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = fold(text)
        let needle = fold(part)
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    private static let dotlessI: Unicode.Scalar = "\u{0131}"

    private static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
        }
        guard scalar != dotlessI else { return scalar }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        // Only one-to-one mappings count (the "simple" mapping); 'ß' → "SS" keeps 'ß'.
        return mapped.count == 1 ? mapped.first! : scalar
    }
}

/// A dictionary key that ignores case the way `CaseInsensitive` compares strings.
struct CaseInsensitiveKey: Hashable, Sendable {
    private let folded: [UInt16]

    init(_ text: String) { folded = CaseInsensitive.fold(text) }
}
