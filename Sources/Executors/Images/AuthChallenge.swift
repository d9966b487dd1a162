/// One challenge of a `WWW-Authenticate` header (RFC 7235): a scheme and its parameters, e.g.
/// `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:library/node:pull"`.
/// A registry answers 401 with it; for `Bearer` we fetch a token from `realm` and retry, for `Basic` we send
/// configured credentials.
public struct AuthChallenge: Equatable, Sendable {
    /// The scheme, lowercased (`bearer`, `basic`).
    public var scheme: String
    /// Parameter names lowercased; values unquoted.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// Every challenge in one header value; malformed parts are skipped, so a junk header yields no challenge
    /// rather than a wrong one.
    public static func parse(_ header: String) -> [AuthChallenge] {
        var scanner = Scanner(Array(header.utf8))
        var challenges: [AuthChallenge] = []
        while true {
            scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\t") }
            guard let scheme = scanner.token() else { break }
            var challenge = AuthChallenge(scheme: scheme.lowercased(), parameters: [:])
            while true {
                let mark = scanner.position
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\t") }
                guard let name = scanner.token() else { break }
                scanner.skip { $0 == UInt8(ascii: " ") }
                guard scanner.take(UInt8(ascii: "=")) else {
                    scanner.position = mark  // a bare token: the next challenge's scheme
                    break
                }
                scanner.skip { $0 == UInt8(ascii: " ") }
                guard let value = scanner.quoted() ?? scanner.token() else { break }
                challenge.parameters[name.lowercased()] = value
            }
            challenges.append(challenge)
            if scanner.atEnd { break }
        }
        return challenges
    }
}

/// A cursor over header bytes.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skip(while matches: (UInt8) -> Bool) {
        while position < bytes.count, matches(bytes[position]) { position += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Bytes that end a token. RFC 7230 also ends tokens at `/` and `:`; they are allowed here so an unquoted realm
    /// URL, which some servers send, still reads as one value.
    private static let delimiters = Array("\"(),;<=>?@[\\]{}".utf8)

    /// An RFC 7230 token, loosened as `delimiters` says.
    mutating func token() -> String? {
        let start = position
        skip { $0 > 0x20 && $0 < 0x7F && !Self.delimiters.contains($0) }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    /// A quoted string with backslash escapes; nil (and no movement) when there is none or it is unterminated.
    mutating func quoted() -> String? {
        let start = position
        guard take(UInt8(ascii: "\"")) else { return nil }
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: value, as: UTF8.self) }
            if byte == UInt8(ascii: "\\"), position < bytes.count {
                value.append(bytes[position])
                position += 1
            } else {
                value.append(byte)
            }
        }
        position = start
        return nil
    }
}
