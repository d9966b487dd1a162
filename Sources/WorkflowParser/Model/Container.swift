/// `container:` of a job or one entry of `services:`.
public struct Container: Sendable, Equatable {
    public struct Credentials: Sendable, Equatable {
        public var username: Located<String>?
        public var password: Located<String>?
    }

    public var image: Located<String>
    public var credentials: Expressible<Credentials>?
    public var env: Expressible<[KeyValue]>?
    public var ports: [Located<String>] = []
    public var volumes: [Located<String>] = []
    /// Extra runtime options as one string (`--cpus 1`); lint refuses the ones this runner never grants.
    public var options: Located<String>?
    /// Service containers may replace the image's entrypoint and command.
    public var entrypoint: Located<String>?
    public var command: Located<String>?
    public var location: SourceLocation
}

/// A service container: named, reachable from the job under that name.
public struct Service: Sendable, Equatable {
    public var name: Located<String>
    public var container: Container
}
