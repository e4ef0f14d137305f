import Foundation
import KithCore

/// What a folder file holds, inside its encryption: who wrote it and its number, what its
/// writer had seen, and records. Stamps are listed once and referred to by index: a file's
/// records share a few.
///
/// `{"kith": "sync", "v": 1, "kind": "changes" | "snapshot", "device": D, "seq": N,
///   "seen": {device: n} (a snapshot holds all that), "stamps": [...],
///   "records": [[table, key, {column: [stamp index, value, base index or -1]}]]}`
struct SyncPayload {
    static let version: Int64 = 1

    var kind: String
    var device: String
    var seq: Int64
    var seen: [String: Int64]
    var records: [SyncRecord]
    /// The folder keys its writer holds (inside the encryption): a device that can read this
    /// file learns the keys other devices may write with.
    var keys: [JSONValue] = []
    /// The device id this device used before it took a new one (a restored or cloned copy).
    var replaces: String?

    func encoded() -> Data {
        var stamps: [String] = []
        var index: [SyncStamp: Int64] = [:]
        func ref(_ s: SyncStamp?) -> JSONValue {
            guard let s else { return .int(-1) }
            if let i = index[s] { return .int(i) }
            let i = Int64(stamps.count)
            index[s] = i
            stamps.append(s.description)
            return .int(i)
        }
        let items: [JSONValue] = records.map { r in
            .array([
                .string(r.table), .string(r.key),
                .object(r.fields.mapValues { f in .array([ref(f.stamp), f.value, ref(f.base)]) }),
            ])
        }
        let object: [String: JSONValue] = [
            "kith": .string("sync"), "v": .int(Self.version), "kind": .string(kind), "device": .string(device),
            "seq": .int(seq), "seen": .object(seen.mapValues { .int($0) }),
            "stamps": .array(stamps.map { .string($0) }), "records": .array(items), "keys": .array(keys),
            "replaces": replaces.map { .string($0) } ?? .null,
        ]
        return Data(JSONText.encode(.object(object)).utf8)
    }

    /// Reads a payload; an error naming what is wrong when it is not one this version reads.
    static func decode(_ data: Data) throws -> SyncPayload {
        let budget = JSONBudget(bytes: max(64 << 20, data.count * 8), limitMiB: max(64, data.count * 8 >> 20))
        guard
            case .object(let o) = try JSONText.decode(
                String(decoding: data, as: UTF8.self), field: "sync file", maxDepth: 8, budget: budget),
            o["kith"] == .string("sync")
        else { throw refused("it is not a Kith sync file") }
        guard case .int(let v)? = o["v"] else { throw refused("it has no version") }
        guard v <= version else { throw refused("a newer Kith wrote it (format \(v)); update Kith on this device") }
        guard case .string(let kind)? = o["kind"], kind == "changes" || kind == "snapshot",
            case .string(let device)? = o["device"], SyncDevice.isValid(device), case .int(let seq)? = o["seq"],
            seq > 0,
            case .object(let seenObject)? = o["seen"], case .array(let stampItems)? = o["stamps"],
            case .array(let items)? = o["records"]
        else { throw refused("its contents are not in the expected form") }
        var seen: [String: Int64] = [:]
        for case (let d, .int(let n)) in seenObject where SyncDevice.isValid(d) { seen[d] = n }
        let stamps = try stampItems.map { item -> SyncStamp in
            guard case .string(let t) = item, let s = SyncStamp(text: t) else { throw refused("a stamp is malformed") }
            return s
        }
        func stamp(_ v: JSONValue) throws -> SyncStamp? {
            guard case .int(let i) = v else { throw refused("a stamp index is malformed") }
            if i == -1 { return nil }
            guard i >= 0, i < stamps.count else { throw refused("a stamp index is out of range") }
            return stamps[Int(i)]
        }
        var records: [SyncRecord] = []
        records.reserveCapacity(items.count)
        for item in items {
            guard case .array(let parts) = item, parts.count == 3, case .string(let table) = parts[0],
                case .string(let key) = parts[1], case .object(let fieldItems) = parts[2]
            else { throw refused("a record is malformed") }
            var fields: [String: SyncField] = [:]
            for (column, f) in fieldItems {
                guard case .array(let fp) = f, fp.count == 3, let s = try stamp(fp[0]), isScalar(fp[1]) else {
                    throw refused("a field is malformed")
                }
                fields[column] = SyncField(stamp: s, value: fp[1], base: try stamp(fp[2]))
            }
            records.append(SyncRecord(table: table, key: key, fields: fields))
        }
        var payload = SyncPayload(kind: kind, device: device, seq: seq, seen: seen, records: records)
        if case .array(let keys)? = o["keys"] { payload.keys = keys }
        if case .string(let old)? = o["replaces"], SyncDevice.isValid(old) { payload.replaces = old }
        return payload
    }

    /// A value a column can hold: no arrays or objects, text up to 16 MiB (what a store row
    /// holds and a sync record reads back).
    static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool, .int, .double: return true
        case .string(let s): return s.utf8.count <= 16 << 20
        case .array, .object: return false
        }
    }

    static func refused(_ why: String) -> KithError { KithError(.invalidInput, why) }
}
