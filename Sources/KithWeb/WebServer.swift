import Foundation
import HTTPTypes
import Hummingbird
import KithCore
import KithRPC

/// `kith serve`: the web app and the JSON-RPC methods at POST /rpc, on 127.0.0.1 unless told
/// otherwise. Every request must name the address served in its Host header (403 otherwise,
/// against DNS rebinding) and carry the session cookie (401 otherwise), which only the one-time
/// link printed at start hands out; a write must come from the page's own origin (403).
public final class WebServer: Sendable {
    /// Where to listen.
    public struct Options: Sendable {
        /// The address; loopback unless a person says otherwise.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one.
        public var port = 0
        public init() {}
    }

    let rpc: SerialRPC
    let options: Options
    let changes: ChangeBroadcaster

    /// A server for the methods of `server`.
    public init(server: RPCServer, options: Options) {
        let changes = ChangeBroadcaster()
        self.changes = changes
        rpc = SerialRPC(server: server, changes: changes)
        self.options = options
    }

    /// Serves until the process is stopped; `ready` receives the URL to open (with its
    /// one-time token) once the port is bound.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let box = GuardBox()
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(GuardMiddleware(box: box))
        routes(router, box: box)
        let host = options.host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let guardian = WebGuard(hosts: WebGuard.hostNames(listening: host, port: port), port: port)
                box.set(guardian)
                let shown = host.contains(":") ? "[\(host)]" : host
                ready("http://\(shown):\(port)/?token=\(guardian.token)")
            })
        let poller = Task { await changes.run(rpc) }
        defer { poller.cancel() }
        // Hummingbird stops gracefully on SIGINT and SIGTERM, waiting for open requests: the
        // pages' event streams never end on their own, so end them when a stop is asked for.
        let broadcaster = self.changes
        let stopSignals = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { broadcaster.finishAll() }
            source.resume()
            return source
        }
        defer { stopSignals.forEach { $0.cancel() } }
        try await app.runService()
    }

    private func routes(_ router: Router<BasicRequestContext>, box: GuardBox) {
        let rpc = self.rpc, changes = self.changes
        router.get("/") { request, _ -> Response in
            // Only a GET spends the token: a HEAD (a link preview, a prefetch) never does.
            if let token = request.uri.queryParameters["token"], request.method == .get {
                guard let cookie = box.guardian?.exchange(String(token)) else {
                    return Self.page(.unauthorized, Self.lockedPage)
                }
                var headers = HTTPFields()
                headers[.location] = "/"
                headers[.setCookie] = box.guardian?.sessionCookie(cookie)
                return Response(status: .seeOther, headers: headers)
            }
            return Self.page(.ok, WebAssets.indexHTML)
        }
        router.get("/app.js") { _, _ in Self.text(.ok, WebAssets.appJS, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in Self.text(.ok, WebAssets.appCSS, type: "text/css; charset=utf-8") }
        router.post("/rpc") { request, _ -> Response in
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: RPCServer.maxMessageBytes) } catch {
                return Self.json(.contentTooLarge, RPCServer.oversizedAnswer)
            }
            // Not UTF-8 is a parse error like any malformed JSON.
            let text = String(validating: body.readableBytesView, as: UTF8.self) ?? "\u{FFFD}"
            // The page's own id, so it can skip the redraw its own change would bring.
            let tab = Self.tabHeader.flatMap { request.headers[$0] }.flatMap { value in
                value.count <= 64 && value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
                    ? value : nil
            }
            guard let answer = await rpc.handle(text, tab: tab) else { return Response(status: .noContent) }
            return Self.json(.ok, answer)
        }
        router.get("/events") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            let stream = changes.subscribe()
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    for await frame in stream { try await writer.write(ByteBuffer(string: frame)) }
                    try await writer.finish(nil)
                })
        }
        router.get("/report/{id}") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let query = request.uri.queryParameters
            switch await rpc.report(id, since: query["since"].map(String.init), until: query["until"].map(String.init))
            {
            case .success(let html):
                var response = Self.page(.ok, html)
                response.headers[.contentSecurityPolicy] = WebGuard.reportPolicy
                return response
            case .failure(let error):
                return Self.page(
                    .badRequest, "<!doctype html><title>Report</title><p>\(Self.escape(error.description))</p>")
            }
        }
    }

    /// The header a page names itself in.
    static let tabHeader = HTTPField.Name("X-Kith-Tab")

    /// A whole answer of `type`.
    static func text(_ status: HTTPResponse.Status, _ body: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        text(status, html, type: "text/html; charset=utf-8")
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        text(status, body, type: "application/json")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let lockedPage = """
        <!doctype html><html lang="en"><meta charset="utf-8"><title>Kith: open the link again</title>
        <main><h1>This link has been used</h1><p>For your privacy, each link Kith prints works once.
        Stop Kith and start it again to get a new one.</p></main></html>
        """
}

/// The guard, once the port it protects is known.
final class GuardBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: WebGuard?
    var guardian: WebGuard? { lock.withLock { value } }
    func set(_ guardian: WebGuard) { lock.withLock { value = guardian } }
}

/// Host first (403), then the session (401), then a write's origin (403), then the headers
/// every answer carries.
struct GuardMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let box: GuardBox

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await decide(request, context: context, next: next)
        response.headers[.contentSecurityPolicy] = response.headers[.contentSecurityPolicy] ?? WebGuard.appPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }

    private func decide(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let guardian = box.guardian, guardian.allows(host: request.head.authority) else {
            return WebServer.page(.forbidden, "<!doctype html><title>Forbidden</title><p>Not this address.</p>")
        }
        let exchanging = request.uri.path == "/" && request.uri.queryParameters["token"] != nil
        guard exchanging || guardian.hasSession(cookieHeader: request.headers[.cookie]) else {
            return WebServer.page(.unauthorized, WebServer.lockedPage)
        }
        if request.method != .get && request.method != .head {
            guard guardian.allows(origin: request.headers[.origin], host: request.head.authority) else {
                return WebServer.page(.forbidden, "<!doctype html><title>Forbidden</title><p>Not from this page.</p>")
            }
        }
        return try await next(request, context)
    }
}
