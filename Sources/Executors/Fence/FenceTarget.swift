/// Where a fence host answers: `ssh://user@host:port` (port 22 when left out; an IPv6 host in brackets).
public struct FenceTarget: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int

    public init(user: String, host: String, port: Int = 22) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Parses `ssh://user@host[:port]`; the error says what is wrong and shows the expected form.
    public init(parsing text: String) throws(FenceTargetError) {
        func fail(_ what: String) -> FenceTargetError {
            FenceTargetError(message: "fence target '\(text)': \(what); expected ssh://user@host:port, e.g. "
                + "ssh://fence@10.200.0.2:2222")
        }
        guard text.hasPrefix("ssh://") else { throw fail("it must start with ssh://") }
        var rest = Substring(text.dropFirst("ssh://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let at = rest.firstIndex(of: "@") else { throw fail("the user is missing (user@host)") }
        let user = String(rest[..<at])
        var hostPort = rest[rest.index(after: at)...]
        guard !user.isEmpty, !user.hasPrefix("-"),
              user.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw fail("the user '\(user)' is not a valid user name (letters, digits, '.', '_', '-')")
        }
        let host: String
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("an IPv6 address needs its closing ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            hostPort = hostPort[hostPort.index(after: close)...]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("'\(host)' is not an IPv6 address")
            }
        } else {
            let end = hostPort.firstIndex(of: ":") ?? hostPort.endIndex
            host = String(hostPort[..<end])
            hostPort = hostPort[end...]
            guard !host.isEmpty else { throw fail("the host is missing") }
            guard !host.hasPrefix("-"), host.allSatisfy({ $0.isLetter || $0.isNumber || ".-".contains($0) }) else {
                throw fail("'\(host)' is not a host name or IPv4 address")
            }
        }
        var port = 22
        if !hostPort.isEmpty {
            guard hostPort.hasPrefix(":"), let number = Int(hostPort.dropFirst()), (1...65535).contains(number) else {
                throw fail("'\(hostPort.dropFirst())' is not a port (1-65535)")
            }
            port = number
        }
        self.init(user: user, host: host, port: port)
    }

    public var description: String {
        "ssh://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// A fence target that does not parse.
public struct FenceTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
