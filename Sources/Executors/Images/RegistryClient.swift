import Foundation

/// Speaks the OCI distribution API to one registry: manifests, configs and blobs, each verified against its digest,
/// and the push calls the test bed uses. Authentication follows the registry's 401 answers: a `Bearer` challenge
/// sends us to its token service (anonymously, or with configured credentials), a `Basic` one gets configured
/// credentials; the request is then retried once. Calls block: use it from `ImageStore`, which runs them off the
/// concurrency pool.
public final class RegistryClient: @unchecked Sendable {
    /// The registry as written in references (`docker.io`, `127.0.0.1:5000`).
    public let registry: String
    let settings: RegistrySettings
    let http: HTTPClient
    /// `https://host` or, for loopback and insecure registries, `http://host`.
    let baseURL: String
    private let allowPlainHTTP: Bool
    /// `Authorization` values earned so far, by repository scope; guarded by `lock`.
    private var authorizations: [String: String] = [:]
    private let lock = NSLock()

    public init(registry: String, settings: RegistrySettings = RegistrySettings(), http: HTTPClient = HTTPClient()) {
        self.registry = registry
        self.settings = settings
        self.http = http
        allowPlainHTTP = settings.allowsPlainHTTP(registry)
        // Docker Hub's API lives on another host than its name.
        let host = registry == ImageReference.dockerHub ? "registry-1.docker.io" : registry
        baseURL = (allowPlainHTTP ? "http://" : "https://") + host
    }

    // MARK: Pulling

    /// The manifest for `reference`, following an index to the configured platform, with its config.
    public func resolve(_ reference: ImageReference) throws(ImageError) -> ResolvedImage {
        var (document, digest) = try manifest(reference.repository, reference.manifestReference, expected: reference.digest)
        if case .index(let index) = document {
            guard let chosen = index.manifest(for: settings.platform) else {
                let offered = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
                throw ImageError(.notFound, "image \(reference) has no \(settings.platform) variant (it offers: \(offered.isEmpty ? "none" : offered))")
            }
            (document, digest) = try manifest(reference.repository, chosen.digest.description, expected: chosen.digest)
        }
        guard case .image(let manifest) = document else {
            throw ImageError(.invalidContent, "image \(reference): an index points to another index; only one level is supported")
        }
        let configBytes = try blobBytes(reference.repository, manifest.config, limit: settings.configSizeLimit)
        let config = try ImageConfig(decoding: configBytes, source: "\(reference) config \(manifest.config.digest)")
        return ResolvedImage(reference: reference, manifestDigest: digest, manifest: manifest, config: config)
    }

    /// One manifest or index, size-capped and checked against `expected` (and against the registry's own
    /// `Docker-Content-Digest`, when it sends one).
    func manifest(_ repository: String, _ reference: String, expected: Digest?) throws(ImageError) -> (ManifestDocument, Digest) {
        let url = "\(baseURL)/v2/\(repository)/manifests/\(reference)"
        let response = try send(HTTPRequest(.get, url, headers: [("Accept", ManifestMediaType.acceptAll)]),
                                repository: repository, into: .memory(limit: settings.manifestSizeLimit))
        try expectSuccess(response, what: "manifest \(registry)/\(repository):\(reference)")
        let digest = Digest(of: response.body)
        var claims = expected.map { [$0] } ?? []
        if let header = response.header("docker-content-digest") { claims.append(try Digest(parsing: header)) }
        if let claimed = claims.first(where: { $0 != digest }) {
            throw ImageError(.invalidContent, "manifest from \(url) has digest \(digest), not \(claimed); refused")
        }
        return (try ManifestDocument(decoding: response.body, contentType: response.header("content-type"), source: url), digest)
    }

    /// A small blob (a config) in memory, verified.
    func blobBytes(_ repository: String, _ descriptor: Descriptor, limit: Int) throws(ImageError) -> [UInt8] {
        guard descriptor.size <= limit else {
            throw ImageError(.invalidContent, "blob \(descriptor.digest) in \(registry)/\(repository) declares \(descriptor.size) bytes, over the \(limit)-byte limit")
        }
        let url = blobURL(repository, descriptor.digest)
        let response = try send(HTTPRequest(.get, url), repository: repository, into: .memory(limit: limit))
        try expectSuccess(response, what: "blob \(descriptor.digest) of \(registry)/\(repository)")
        guard response.body.count == descriptor.size, Digest(of: response.body) == descriptor.digest else {
            throw ImageError(.invalidContent, "blob from \(url) does not match its descriptor (\(response.body.count) of \(descriptor.size) bytes, "
                + "digest \(Digest(of: response.body))); refused")
        }
        return response.body
    }

    /// Downloads a blob to `destination` through a verified temporary file (see `BlobFile`).
    public func downloadBlob(_ repository: String, _ descriptor: Descriptor, to destination: String) throws(ImageError) {
        let file = try BlobFile(descriptor, destination: destination)
        let url = blobURL(repository, descriptor.digest)
        let response = try send(HTTPRequest(.get, url), repository: repository, into: .stream(file))
        try expectSuccess(response, what: "blob \(descriptor.digest) of \(registry)/\(repository)")
        try file.commit(source: url)
    }

    // MARK: Pushing (the test bed builds its images with these)

    /// Uploads a blob unless the registry has it (monolithic upload: POST, then PUT with the digest).
    @discardableResult
    public func pushBlob(_ repository: String, _ bytes: [UInt8], mediaType: String) throws(ImageError) -> Descriptor {
        let descriptor = Descriptor(mediaType: mediaType, digest: Digest(of: bytes), size: Int64(bytes.count))
        let existing = try send(HTTPRequest(.head, blobURL(repository, descriptor.digest)), repository: repository, push: true)
        if existing.succeeded { return descriptor }
        let started = try send(HTTPRequest(.post, "\(baseURL)/v2/\(repository)/blobs/uploads/", body: []), repository: repository, push: true)
        try expectSuccess(started, what: "starting an upload to \(registry)/\(repository)")
        guard let location = started.header("location") else {
            throw ImageError(.invalidContent, "the registry \(registry) started an upload without a Location header")
        }
        let absolute = location.hasPrefix("/") ? baseURL + location : location
        let separator = absolute.contains("?") ? "&" : "?"
        let finished = try send(HTTPRequest(.put, "\(absolute)\(separator)digest=\(descriptor.digest)",
                                            headers: [("Content-Type", "application/octet-stream")], body: bytes),
                                repository: repository, push: true)
        try expectSuccess(finished, what: "uploading blob \(descriptor.digest) to \(registry)/\(repository)")
        return descriptor
    }

    /// Stores a manifest or index under a tag (or its digest).
    @discardableResult
    public func pushManifest(_ repository: String, reference: String, _ bytes: [UInt8], mediaType: String) throws(ImageError) -> Descriptor {
        let response = try send(HTTPRequest(.put, "\(baseURL)/v2/\(repository)/manifests/\(reference)",
                                            headers: [("Content-Type", mediaType)], body: bytes),
                                repository: repository, push: true)
        try expectSuccess(response, what: "pushing manifest \(registry)/\(repository):\(reference)")
        return Descriptor(mediaType: mediaType, digest: Digest(of: bytes), size: Int64(bytes.count))
    }

    // MARK: Requests and authentication

    private func blobURL(_ repository: String, _ digest: Digest) -> String {
        "\(baseURL)/v2/\(repository)/blobs/\(digest)"
    }

    /// Sends with what authorization we have; on 401 earns one from the challenge and retries once.
    func send(_ request: HTTPRequest, repository: String, push: Bool = false,
              into destination: HTTPBodyDestination = .memory(limit: 1 << 20)) throws(ImageError) -> HTTPResponse {
        let scope = "repository:\(repository):" + (push ? "pull,push" : "pull")
        var attempt = request
        if let authorization = cachedAuthorization(scope) { attempt.headers.append(("Authorization", authorization)) }
        let response = try http.send(attempt, allowPlainHTTP: allowPlainHTTP, into: destination)
        guard response.status == 401 else { return response }
        let authorization = try authorize(response.headers("www-authenticate"), scope: scope, url: request.url)
        lock.withLock { authorizations[scope] = authorization }
        attempt = request
        attempt.headers.append(("Authorization", authorization))
        let retried = try http.send(attempt, allowPlainHTTP: allowPlainHTTP, into: destination)
        guard retried.status != 401 else {
            throw ImageError(.unauthorized, "\(registry) refused our credentials for \(request.url): \(retried.bodyExcerpt); "
                + "check the credentials configured for \(registry)")
        }
        return retried
    }

    private func cachedAuthorization(_ scope: String) -> String? {
        lock.withLock { authorizations[scope] }
    }

    /// Turns a 401's challenges into an `Authorization` value.
    private func authorize(_ headers: [String], scope: String, url: String) throws(ImageError) -> String {
        let challenges = headers.flatMap(AuthChallenge.parse)
        let credentials = settings.credentials[registry]
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }) {
            return "Bearer " + (try token(bearer, scope: scope, credentials: credentials))
        }
        if challenges.contains(where: { $0.scheme == "basic" }) {
            guard let credentials else {
                throw ImageError(.unauthorized, "\(registry) wants a user name and password for \(url); add credentials for \(registry) to the runner's configuration")
            }
            return credentials.basicAuthorization
        }
        throw ImageError(.unauthorized, "\(registry) answered 401 for \(url) without a usable WWW-Authenticate challenge (got: \(headers))")
    }

    /// Fetches a token from a Bearer challenge's realm. The realm is held to the same HTTPS rule as registries.
    private func token(_ challenge: AuthChallenge, scope: String, credentials: RegistryCredentials?) throws(ImageError) -> String {
        guard let realm = challenge.parameters["realm"], let realmURL = URLComponents(string: realm), let host = realmURL.host else {
            throw ImageError(.unauthorized, "\(registry) sent a Bearer challenge without a usable realm URL: \(challenge.parameters)")
        }
        var components = realmURL
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        query.append(URLQueryItem(name: "scope", value: challenge.parameters["scope"] ?? scope))
        components.queryItems = query
        // `+` is literal in URLComponents' output but a space in most query parsers.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let url = components.string ?? realm
        let hostAndPort = realmURL.port.map { "\(host):\($0)" } ?? host
        var request = HTTPRequest(.get, url)
        if let credentials { request.headers.append(("Authorization", credentials.basicAuthorization)) }
        let response = try http.send(request, allowPlainHTTP: settings.allowsPlainHTTP(hostAndPort), into: .memory(limit: 1 << 20))
        guard response.succeeded else {
            throw ImageError(.unauthorized, "the token service \(url) answered \(response.status): \(response.bodyExcerpt)"
                + (credentials == nil ? "; the image may be private: configure credentials for \(registry)" : "; check the credentials for \(registry)"))
        }
        struct TokenAnswer: Decodable {
            var token: String?
            var access_token: String?
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)),
              let token = answer.token ?? answer.access_token, !token.isEmpty else {
            throw ImageError(.unauthorized, "the token service \(url) answered without a token: \(response.bodyExcerpt)")
        }
        return token
    }

    private func expectSuccess(_ response: HTTPResponse, what: String) throws(ImageError) {
        guard !response.succeeded else { return }
        let code: ImageError.Code = response.status == 404 ? .notFound : response.status == 403 ? .unauthorized : .transport
        let hint = response.status == 404 ? "; check the name and tag" : ""
        throw ImageError(code, "\(what): \(response.url) answered \(response.status): \(response.bodyExcerpt)\(hint)")
    }
}

/// An image resolved to one platform: what `LayerStore` and the sandbox need.
public struct ResolvedImage: Sendable, Equatable {
    public var reference: ImageReference
    /// The digest of the platform manifest (not of the index): what the image is, whatever its tag says later.
    public var manifestDigest: Digest
    public var manifest: ImageManifest
    public var config: ImageConfig
}
