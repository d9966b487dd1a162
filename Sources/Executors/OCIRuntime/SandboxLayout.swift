/// The host folders of one sandbox, all under `<state directory>/<id>`: the runtime bundle (`config.json` and the
/// merged root `rootfs`), the overlay's `upper` and `work` folders and the generated `/etc` files.
struct SandboxLayout: Sendable {
    let directory: String

    init(stateDirectory: String, id: SandboxID) {
        directory = stateDirectory + "/" + id.rawValue
    }

    var rootfs: String { directory + "/rootfs" }
    var upper: String { directory + "/upper" }
    var work: String { directory + "/work" }
    var config: String { directory + "/config.json" }
    var hosts: String { directory + "/hosts" }
    var resolvConf: String { directory + "/resolv.conf" }
}
