import Foundation
import KithCore
import KithSync
import Testing

/// Generated histories on several devices, delivered through a carrier with every bad habit:
/// at the end every device holds the same data, nothing acknowledged is lost, and syncing
/// again changes nothing. The seeds are fixed, so a failure names the seed that repeats it.
@Suite("Sync: convergence, no loss, idempotence over generated histories")
struct SyncConvergenceTests {
    static let seeds: [UInt64] = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]

    @Test("devices converge whatever the order, duplicates and delays", arguments: seeds)
    func converge(seed: UInt64) throws {
        let devices = 2 + Int(seed % 3)
        // One device's clock three hours ahead, one an hour behind: stamps still order.
        let world = try SyncWorld(seed: seed, devices: devices, skewHours: [0, 3, -1])
        defer { world.remove() }
        for _ in 0..<120 {
            let i = world.random.below(devices)
            switch world.random.below(10) {
            case 0...4: try world.edit(i)
            case 5, 6:
                // A key file still arriving stops a device's first sync; it joins later.
                do { try world.sync(i) } catch let error as KithError where error.problem.contains("not whole") {}
            default: world.deliverOne()
            }
        }
        let rounds = try world.settle()
        #expect(rounds <= 10, "seed \(seed): devices did not settle")
        let first = try world.content(0)
        for i in 1..<devices {
            let other = try world.content(i)
            #expect(
                first == other,
                "seed \(seed): device \(i) differs: \(Set(first).symmetricDifference(other).sorted().prefix(6))")
        }
        // No loss: every entry added and never edited or deleted is on every device.
        for i in 0..<devices {
            let texts = Set(try world.devices[i].store.journalEntries().map(\.text))
            let missing = world.untouchedTexts.subtracting(texts)
            #expect(
                missing.isEmpty,
                "seed \(seed): device \(i) lacks \(missing.sorted())\n\(world.log.joined(separator: "\n"))")
        }
        // Idempotence: syncing again sends nothing and changes nothing.
        for i in 0..<devices {
            let before = try world.content(i)
            let outcome = try world.sync(i)
            #expect(outcome.sent == 0 && outcome.filesRead == 0, "seed \(seed): device \(i) sent \(outcome.sent)")
            #expect(try world.content(i) == before, "seed \(seed): a second sync changed device \(i)")
        }
    }
}
