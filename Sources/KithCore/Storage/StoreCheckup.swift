import Foundation
import GRDB

/// One finding of `kith doctor`: what was checked, how it stands, and what to do about it.
public struct CheckupFinding: Codable, Equatable, Sendable {
    /// How a check came out: `fail` needs action before Kith can be trusted with data.
    public enum Status: String, Codable, Sendable { case ok, warn, fail }
    /// What was checked ("store integrity").
    public let check: String
    /// How it stands.
    public let status: Status
    /// What was found, in a line.
    public let detail: String
    /// What to do, when anything, in words that name no front end's commands.
    public let action: String?
    /// The same as data, for a front end to word its own way.
    public let hint: KithHint?

    enum CodingKeys: String, CodingKey { case check, status, detail, action }

    /// A finding.
    public init(_ check: String, _ status: Status, _ detail: String, action: String? = nil, hint: KithHint? = nil) {
        self.check = check
        self.status = status
        self.detail = detail
        self.action = action ?? hint?.neutral
        self.hint = hint
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try c.decode(String.self, forKey: .check), try c.decode(Status.self, forKey: .status),
            try c.decode(String.self, forKey: .detail), action: try c.decodeIfPresent(String.self, forKey: .action))
    }
}

/// The store-level checks of `kith doctor`. None changes data or repairs anything (the side
/// files check copies already committed pages into the store file, as every command does).
public enum StoreCheckup {
    /// Checks the store file at `path` without opening it as a store (a damaged file must
    /// still be diagnosed): that it exists, and its modes.
    public static func file(at path: String) -> [CheckupFinding] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else {
            return [CheckupFinding("store", .fail, "there is no store at \(path)", hint: .createStore)]
        }
        var findings = [CheckupFinding("store", .ok, path)]
        let folder = (path as NSString).deletingLastPathComponent
        for (name, file, wanted) in [("store file mode", path, 0o600), ("store folder mode", folder, 0o700)] {
            let mode = ((try? fm.attributesOfItem(atPath: file))?[.posixPermissions] as? Int).map { $0 & 0o777 } ?? -1
            if mode & ~wanted != 0 {
                findings.append(
                    CheckupFinding(
                        name, .warn, String(format: "%@ is mode %o: others on this machine can read it", file, mode),
                        action: String(format: "chmod %o '%@'", wanted, file)))
            } else {
                findings.append(CheckupFinding(name, .ok, String(format: "%o", mode)))
            }
        }
        return findings
    }

    /// Checks an open store: its side files, SQLite's integrity check, the schema version, the crisis line,
    /// crisis contacts and the time zone.
    public static func store(_ store: KithStore) throws -> [CheckupFinding] {
        var findings: [CheckupFinding] = []
        let integrity = try store.integrityCheck()
        findings.append(
            integrity == "ok"
                ? CheckupFinding("integrity", .ok, "SQLite's integrity check passes")
                : CheckupFinding(
                    "integrity", .fail,
                    "SQLite's integrity check found: \(integrity.split(whereSeparator: \.isNewline).prefix(3).joined(separator: "; "))",
                    hint: .restoreBackup))
        let frames = try store.walFrames()
        findings.append(
            frames.log == frames.copied
                ? CheckupFinding("side files", .ok, "the store file holds every change on its own")
                : CheckupFinding(
                    "side files", .warn,
                    "\(frames.log - frames.copied) pages of changes are only in the -wal beside the store (another Kith is reading or writing)",
                    action: "Let other Kith commands finish; the next command that ends copies them in. Until then "
                        + KithHint.makeBackup.neutral + ".", hint: .makeBackup))
        // Opening the store brought its schema up to date: the version is what this Kith writes.
        let known = StoreSchema.migrator.migrations
        findings.append(CheckupFinding("schema", .ok, "version \(known.count) (\(known.last ?? "-"))"))
        findings.append(CheckupFinding("store identity", .ok, try store.storeID()))
        if let line = try store.crisisLine() {
            findings.append(CheckupFinding("crisis line", .ok, "\(line.name): \(line.phone)"))
        } else {
            findings.append(
                CheckupFinding(
                    "crisis line", .warn, "no crisis line is set, so a risk answer can only point to your contacts",
                    hint: .setCrisisLine))
        }
        let contacts = try store.people().filter(\.crisis)
        findings.append(
            contacts.isEmpty
                ? CheckupFinding(
                    "crisis contacts", .warn, "no one in your network is marked as someone to call in a crisis",
                    hint: .markCrisisContact)
                : CheckupFinding("crisis contacts", .ok, contacts.map(\.name).joined(separator: ", ")))
        let zone = store.clock.timeZone
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(store.clock.now())))
        let sign = offset < 0 ? "-" : "+"
        let zoneText =
            "\(zone.identifier), UTC\(sign)\(String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)) now"
        if let requested = ProcessInfo.processInfo.environment["TZ"], !requested.isEmpty,
            TimeZone(identifier: requested) == nil,
            !requested.hasPrefix(":")
        {
            findings.append(
                CheckupFinding(
                    "time zone", .warn, "$TZ is '\(requested)', which is not a known zone; dates use \(zoneText)",
                    action: "Set TZ to a zone name such as Europe/London, or unset it."))
        } else {
            findings.append(CheckupFinding("time zone", .ok, zoneText + ": the days reports and reminders count in"))
        }
        return findings
    }
}
