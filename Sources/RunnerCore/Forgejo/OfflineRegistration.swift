import Foundation

/// `create-runner-file`: a runner registered on the server side (`forgejo-cli actions register --secret S`), whose
/// `.runner` is written from the same secret without asking the instance. The secret is 40 hexadecimal characters;
/// the runner's uuid is the UUID whose 16 bytes are the ASCII codes of its first 16 characters, and its token is
/// the whole secret.
public enum OfflineRegistration {
    /// The `.runner` content for `secret`; `id` is 0, since only the instance knows it.
    public static func runnerFile(secret: String, instance: ForgejoInstance, name: String,
                                  labels: [String]) throws(RunnerFileError) -> RunnerFile {
        RunnerFile(id: 0, uuid: try uuid(fromSecret: secret), name: name, token: secret, address: instance.url,
                   labels: labels)
    }

    /// `41414141-4141-4141-4141-414141414141` for a secret starting with 16 `A`s; refuses anything but 40 hex digits.
    public static func uuid(fromSecret secret: String) throws(RunnerFileError) -> String {
        guard secret.count == 40 else {
            throw RunnerFileError("the secret must be exactly 40 characters long, not \(secret.count): "
                                  + "give the one passed to forgejo-cli actions register --secret")
        }
        guard secret.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }) else {
            throw RunnerFileError("the secret must be a hexadecimal string (0-9, a-f): "
                                  + "give the one passed to forgejo-cli actions register --secret")
        }
        let ascii = Array(secret.utf8.prefix(16))
        let uuid = UUID(uuid: (ascii[0], ascii[1], ascii[2], ascii[3], ascii[4], ascii[5], ascii[6], ascii[7],
                               ascii[8], ascii[9], ascii[10], ascii[11], ascii[12], ascii[13], ascii[14], ascii[15]))
        return uuid.uuidString.lowercased()
    }
}
