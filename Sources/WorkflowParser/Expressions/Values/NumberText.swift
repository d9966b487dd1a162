import Foundation

/// Numbers as GitHub reads and prints them.
///
/// Reading imitates JavaScript's `Number()`, as GitHub's own parser says it does: surrounding whitespace is
/// ignored, "" is 0, decimals may have a sign, a fraction and an exponent, `0x` (hex) and `0o` (octal) integers
/// and `Infinity` are accepted, and anything else is NaN. Printing is .NET's "G15", which GitHub uses: at most 15
/// significant digits, no trailing zeros, exponent notation ("1E+15", "1E-05") outside 1e-5 ..< 1e15, and -0
/// prints as "0".
enum NumberText {
    static func parse(_ text: some StringProtocol) -> Double {
        let trimmed = trimmingWhitespace(text)
        if trimmed.isEmpty { return 0 }
        if let value = decimal(trimmed) ?? integer(trimmed, prefix: "0x", radix: 16)
            ?? integer(trimmed, prefix: "0o", radix: 8)
        {
            return value
        }
        switch trimmed {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return .nan
        }
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return significantDigitsText(value)
    }

    /// "G15" for values that are not small integers: round to 15 significant digits via C's `%.14e`, then lay
    /// the digits out in plain or exponent notation.
    private static func significantDigitsText(_ value: Double) -> String {
        let scientific = String(format: "%.14e", abs(value))  // "d.dddddddddddddde±xx"
        let parts = scientific.split(separator: "e")
        var digits = parts[0].filter { $0 != "." }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let exponent = Int(parts[1])!
        let sign = value < 0 ? "-" : ""
        if exponent >= -5, exponent < 15 {
            return sign + plainNotation(digits: digits, exponent: exponent)
        }
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
        let exponentDigits = String(abs(exponent))
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return "\(sign)\(mantissa)E\(exponent < 0 ? "-" : "+")\(paddedExponent)"
    }

    private static func plainNotation(digits: String, exponent: Int) -> String {
        if exponent < 0 {
            return "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return digits + String(repeating: "0", count: integerCount - digits.count)
        }
        return "\(digits.prefix(integerCount)).\(digits.dropFirst(integerCount))"
    }

    /// `[+-]digits[.digits][e[+-]digits]`, where either side of the point may be empty but not both.
    private static func decimal(_ text: Substring) -> Double? {
        let bytes = Array(text.utf8)
        var index = 0
        func skipDigits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digitCount = skipDigits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            digitCount += skipDigits()
        }
        guard digitCount > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(String(text))
    }

    /// `0x` or `0o` and at least one digit of that radix; no sign, as in JavaScript. Any length is read exactly
    /// (as JavaScript does), not wrapped to 32 bits as GitHub's C# parser would.
    private static func integer(_ text: Substring, prefix: String, radix: Int) -> Double? {
        guard text.hasPrefix(prefix), text.count > prefix.count else { return nil }
        var value = 0.0
        for character in text.dropFirst(prefix.count) {
            guard character.isASCII, let digit = character.hexDigitValue, digit < radix else { return nil }
            value = value * Double(radix) + Double(digit)
        }
        return value
    }

    private static func trimmingWhitespace(_ text: some StringProtocol) -> Substring {
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
