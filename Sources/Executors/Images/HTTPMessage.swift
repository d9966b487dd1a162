import Foundation

/// One HTTP request as the registry and Forgejo clients build it: few enough fields to read at a glance in a test.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", head = "HEAD", post = "POST", put = "PUT" }

    public var method: Method
    public var url: String
    /// Header lines in order; names as sent.
    public var headers: [(name: String, value: String)]
    /// The request body (POST and PUT); nil sends none.
    public var body: [UInt8]?
    /// How long the whole exchange may take, connecting to the last byte; nil leaves only the client's connect and
    /// stall limits (a blob download may rightly take an hour, a Forgejo call may not).
    public var timeout: Duration?

    public init(_ method: Method = .get, _ url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// What came back, after redirects: the last response's status and headers, and its body when it was kept in memory.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header lines of the final response, names lowercased (HTTP names ignore case).
    public var headers: [(name: String, value: String)]
    /// The body kept in memory; for a streamed success it is empty, for a failure it holds the start of the error.
    public var body: [UInt8]
    /// The URL that answered, after redirects.
    public var url: String

    public var succeeded: Bool { (200..<300).contains(status) }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// All values of a header (registries may send several `WWW-Authenticate`).
    public func headers(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name == lowered }.map(\.value)
    }

    /// The body as text, cut short, for error messages.
    public var bodyExcerpt: String {
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}

/// Where a successful response body goes when it is not kept in memory: a blob file that is hashed as it is written.
/// `receive` throws to stop the transfer (the disk is full, the blob is longer than announced).
public protocol HTTPBodySink: AnyObject {
    func receive(_ bytes: UnsafeRawBufferPointer) throws(ImageError)
}

/// How a successful response body is received.
public enum HTTPBodyDestination {
    /// Kept in memory, refused beyond `limit` bytes (manifests, configs, tokens: small by nature).
    case memory(limit: Int)
    /// Handed to a sink as it arrives (blobs, which may be gigabytes).
    case stream(any HTTPBodySink)
}
