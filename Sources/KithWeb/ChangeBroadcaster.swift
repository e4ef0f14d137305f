import Foundation
import KithCore

/// Server-Sent Events for the page: every open page gets a stream, and one poller announces
/// to all of them what changed in the store, by the page or by any other process.
final class ChangeBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var listeners: [UUID: AsyncStream<String>.Continuation] = [:]

    /// A stream of SSE frames for one page; it ends when the page goes.
    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        return AsyncStream(bufferingPolicy: .bufferingNewest(16)) { continuation in
            lock.withLock { listeners[id] = continuation }
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.lock.withLock { _ = self.listeners.removeValue(forKey: id) }
            }
            continuation.yield(": connected\n\n")
        }
    }

    /// Sends `changed` with the areas to every page, naming the page that made the change if
    /// one did (a tab id of letters, digits and dashes, checked where it came in).
    func announce(_ areas: [StoreArea], tab: String? = nil) {
        let list = areas.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        let by = tab.map { ",\"tab\":\"\($0)\"" } ?? ""
        let frame = "event: changed\ndata: {\"areas\":[\(list)]\(by)}\n\n"
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.yield(frame) }
    }

    /// Sends a JSON-RPC `crisis` notification to every page, as a `crisis` event.
    func announce(crisis message: String) {
        let frame = "event: crisis\ndata: \(message)\n\n"
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.yield(frame) }
    }

    /// Ends every page's stream: the server is stopping, and would otherwise wait for them.
    func finishAll() {
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.finish() }
    }

    /// Keeps idle connections open through proxies and tells a page its server is alive.
    func ping() {
        for continuation in lock.withLock({ Array(listeners.values) }) { continuation.yield(": ping\n\n") }
    }

    /// Looks for changes every `interval` until cancelled.
    func run(_ rpc: SerialRPC, interval: Duration = .milliseconds(400)) async {
        var ticks = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let areas = await rpc.changedAreas()
            if !areas.isEmpty { announce(areas) }
            ticks += 1
            if ticks % 40 == 0 { ping() }
        }
    }
}
