import CCurl
import Foundation

/// Plain blocking HTTP over libcurl, just what a registry client needs: any method, headers, a status and the final
/// response's headers, a body capped in memory or streamed, redirects followed (registries send blobs to storage
/// elsewhere), and timeouts that end a stalled transfer instead of hanging a job. Every error names the URL.
///
/// Plain `http://` is refused unless the request allows it: the registry client allows it only for loopback
/// registries and those an admin lists as insecure, and then redirects may not leave for another plain-HTTP host
/// unless plain HTTP was allowed in the first place. libcurl does not carry an `Authorization` header across a
/// redirect to another host, so a registry's token never reaches its blob storage.
public struct HTTPClient: Sendable {
    /// Seconds to establish a connection.
    public var connectTimeout: Int
    /// A transfer slower than one byte per second for this many seconds is given up.
    public var stallTimeout: Int
    /// 0 follows none: the redirect itself is the response.
    public var maximumRedirects: Int
    /// Sends `Accept-Encoding: gzip` and hands back gzip-encoded bodies decoded (Forgejo compresses answers over
    /// 1 KiB). Off by default: a registry blob's digest covers the bytes as stored, not decoded ones.
    public var acceptsGzip: Bool
    /// Checks the server's TLS certificate and name. Off only when an admin says so (`runner.insecure`, for an
    /// instance with a self-signed certificate).
    public var verifiesCertificates: Bool

    public init(connectTimeout: Int = 30, stallTimeout: Int = 60, maximumRedirects: Int = 8, acceptsGzip: Bool = false,
                verifiesCertificates: Bool = true) {
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.maximumRedirects = maximumRedirects
        self.acceptsGzip = acceptsGzip
        self.verifiesCertificates = verifiesCertificates
    }

    /// Whether `host` (a name or address, without port or brackets) is this machine's loopback, the one place plain
    /// HTTP cannot be read or altered by others on the way: registries and action downloads allow it there.
    public static func isLoopback(host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.") && host.split(separator: ".").count == 4
    }

    /// libcurl's global set-up must happen once, before any handle exists.
    private static let globalSetUp: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Sends a request and waits for the whole response. A non-2xx status is not an error here: the caller decides
    /// (a 401 starts authentication); its body is kept in `HTTPResponse.body` (at most 64 KiB) for the message.
    public func send(_ request: HTTPRequest, allowPlainHTTP: Bool = false,
                     into destination: HTTPBodyDestination = .memory(limit: 4 << 20)) throws(ImageError) -> HTTPResponse {
        guard request.url.hasPrefix("https://") || (allowPlainHTTP && request.url.hasPrefix("http://")) else {
            throw ImageError(.transport, "refusing \(request.method.rawValue) \(request.url): only https:// is allowed here "
                + "(plain HTTP is for loopback registries and those listed as insecure in the runner's configuration)")
        }
        guard Self.globalSetUp == CURLE_OK, let handle = curl_easy_init() else {
            throw ImageError(.transport, "cannot set up libcurl for \(request.url)")
        }
        defer { curl_easy_cleanup(handle) }
        let transfer = Transfer(url: request.url, destination: destination)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }
        headerList = curl_slist_append(headerList, "Expect:")  // no 100-continue round trip before uploads

        let protocols = allowPlainHTTP ? "http,https" : "https"
        // curl treats a null POSTFIELDS as "no body" rather than an empty one: point an empty body at one unsent byte.
        let body = request.body.flatMap { $0.isEmpty ? nil : $0 } ?? [0]
        let bodyLength = request.body?.count ?? 0
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            body.withUnsafeBytes { bodyBytes in
                let context = Unmanaged.passUnretained(transfer).toOpaque()
                var setup = [
                    sr_curl_setopt_string(handle, CURLOPT_URL, request.url),
                    sr_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, protocols),
                    sr_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, protocols),
                    sr_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, maximumRedirects > 0 ? 1 : 0),
                    sr_curl_setopt_long(handle, CURLOPT_MAXREDIRS, maximumRedirects),
                    sr_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout),
                    sr_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1),
                    sr_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, stallTimeout),
                    sr_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
                    sr_curl_setopt_string(handle, CURLOPT_USERAGENT, "swift-runner"),
                    sr_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList),
                    sr_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress),
                    sr_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context),
                    sr_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context),
                    sr_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                        Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                            .receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
                    },
                    sr_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                        Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                            .receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                        return size * count
                    },
                ]
                if let timeout = request.timeout {
                    let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
                    setup.append(sr_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(1, milliseconds))))
                }
                if acceptsGzip { setup.append(sr_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "gzip")) }
                if !verifiesCertificates {
                    setup.append(sr_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0))
                    setup.append(sr_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0))
                }
                switch request.method {
                case .get: break
                case .head: setup.append(sr_curl_setopt_long(handle, CURLOPT_NOBODY, 1))
                case .post, .put:
                    setup.append(sr_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
                    setup.append(sr_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bodyLength))
                    setup.append(sr_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress)))
                }
                if let failed = setup.first(where: { $0 != CURLE_OK }) { return failed }
                return curl_easy_perform(handle)
            }
        }
        if let failure = transfer.failure { throw failure }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw ImageError(.transport, "\(request.method.rawValue) \(request.url) failed: \(reason)")
        }
        var status = 0
        _ = sr_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effectiveURL: UnsafeMutablePointer<CChar>?
        _ = sr_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effectiveURL)
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.memory,
                            url: effectiveURL.map { String(cString: $0) } ?? request.url)
    }
}

/// The state one transfer's callbacks share: headers of the current response, and where body bytes go.
private final class Transfer {
    let url: String
    let destination: HTTPBodyDestination
    var status = 0
    var headers: [(name: String, value: String)] = []
    var memory: [UInt8] = []
    /// Why a callback stopped the transfer; it explains curl's bare "write error".
    var failure: ImageError?

    /// How much of an error response's body is kept for the message.
    static let errorBodyLimit = 64 << 10

    init(url: String, destination: HTTPBodyDestination) {
        self.url = url
        self.destination = destination
    }

    /// Each response (a redirect, then the final one) starts with a status line: headers start over there.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            headers = []
            memory = []
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
    }

    /// Returns false to make curl stop, with `failure` saying why.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard (200..<300).contains(status) else {
            memory.append(contentsOf: bytes.prefix(max(0, Self.errorBodyLimit - memory.count)))
            return true
        }
        switch destination {
        case .memory(let limit):
            guard memory.count + bytes.count <= limit else {
                failure = ImageError(.invalidContent, "the response from \(url) is larger than the \(limit)-byte limit; "
                    + "it is not a plausible manifest, config or token")
                return false
            }
            memory.append(contentsOf: bytes)
        case .stream(let sink):
            do { try sink.receive(bytes) } catch {
                failure = error
                return false
            }
        }
        return true
    }
}
