import Dispatch
import Foundation
import KithCore
import KithRPC

/// The RPC server behind `kith serve`: one message at a time on one queue (the session, its
/// store and its Lua state are not for many threads), awaited without blocking the HTTP
/// server's threads. The same queue looks for changes to announce.
final class SerialRPC: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kith.web.rpc")
    private let server: RPCServer
    private let changes: ChangeBroadcaster
    private var mark: StoreMark?

    init(server: RPCServer, changes: ChangeBroadcaster) {
        self.server = server
        self.changes = changes
        // The server's notifications (a risk answer's crisis section that went back in no
        // answer) reach every open page.
        server.notify = { message in changes.announce(crisis: message) }
    }

    /// The answer to one POST /rpc body, nil when it held only notifications. What the call
    /// changed is announced at once, marked with the page (`tab`) that made it, which has
    /// already redrawn and so ignores it; every other page redraws.
    func handle(_ text: String, tab: String?) async -> String? {
        await withCheckedContinuation { continuation in
            queue.async {
                let answer = self.server.handle(text)
                self.server.afterAnswer()
                let areas = self.changesSinceLastLook()
                if !areas.isEmpty { self.changes.announce(areas, tab: tab) }
                continuation.resume(returning: answer)
            }
        }
    }

    /// The areas changed since the last look, by anyone (empty when nothing changed).
    func changedAreas() async -> [StoreArea] {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.changesSinceLastLook()) }
        }
    }

    /// On the queue: what changed since the last look.
    private func changesSinceLastLook() -> [StoreArea] {
        let store = server.context.session.store
        do {
            guard let last = mark else {
                mark = try store.mark()
                return []
            }
            let (areas, now) = try store.changes(since: last)
            mark = now
            return areas
        } catch {
            return []  // busy: looked at again next time
        }
    }

    /// A report rendered as HTML, for the app's report frame.
    func report(_ id: String, since: String?, until: String?) async -> Result<String, KithError> {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(
                    returning: Result { try self.server.renderReport(id, since: since, until: until) }
                        .mapError { $0 as? KithError ?? KithError(.storage, "\($0)") })
            }
        }
    }
}
