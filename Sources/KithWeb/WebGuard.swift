import Foundation

/// Who may talk to `kith serve`, decided without any HTTP machinery so it can be tested on
/// its own: a one-time token in the URL becomes a session cookie; the Host header must name
/// the address served (DNS rebinding is refused); a write must come from the page itself.
public final class WebGuard: @unchecked Sendable {
    /// The cookie that carries the session, named for the port: browsers share cookies across
    /// a host's ports, and two servers must not overwrite each other's.
    public let cookieName: String

    private let lock = NSLock()
    private var oneTimeToken: String?
    private let sessionSecret: String
    /// `host:port` forms a browser may send for the address served.
    public let allowedHosts: Set<String>
    /// The port served.
    public let port: Int

    /// A guard for a server at `hosts` (each `host:port`), with fresh secrets.
    public init(hosts: [String], port: Int) {
        cookieName = "kith_session_\(port)"
        self.port = port
        oneTimeToken = Self.secret()
        sessionSecret = Self.secret()
        allowedHosts = Set(hosts.map { $0.lowercased() })
    }

    /// The `host:port` forms a browser sends for a server listening on `host`: loopback by its
    /// names; a wildcard address (0.0.0.0, ::) by any IP literal, which no DNS rebinding can
    /// produce, never by a name.
    public static func hostNames(listening host: String, port: Int) -> [String] {
        let literal = host.contains(":") ? "[\(host)]" : host
        switch host {
        case "127.0.0.1": return ["127.0.0.1:\(port)", "localhost:\(port)"]
        case "::1": return ["[::1]:\(port)", "localhost:\(port)"]
        default: return ["\(literal):\(port)"]
        }
    }

    /// The token for the URL printed at start; it works once.
    public var token: String { lock.withLock { oneTimeToken ?? "" } }

    /// 32 random bytes as hex, from the system's generator.
    static func secret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Exchanges the one-time token for the session cookie's value; nil when the token is wrong
    /// or already used.
    public func exchange(_ token: String) -> String? {
        lock.withLock {
            guard let expected = oneTimeToken, Self.equal(token, expected) else { return nil }
            oneTimeToken = nil
            return sessionSecret
        }
    }

    /// Whether a Cookie header holds the session.
    public func hasSession(cookieHeader: String?) -> Bool {
        guard let cookieHeader else { return false }
        for part in cookieHeader.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(cookieName + "=") else { continue }
            if Self.equal(String(pair.dropFirst(cookieName.count + 1)), sessionSecret) { return true }
        }
        return false
    }

    /// The Set-Cookie value for the session: never readable by scripts, never sent from
    /// another site.
    public func sessionCookie(_ value: String) -> String {
        "\(cookieName)=\(value); HttpOnly; SameSite=Strict; Path=/"
    }

    /// Whether the Host header names the address served (anything else may be DNS rebinding).
    public func allows(host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        if allowedHosts.contains(host) { return true }
        // Serving every address: any IP literal with this port (a name could be rebound).
        guard allowedHosts.contains("0.0.0.0:\(port)") || allowedHosts.contains("[::]:\(port)") else { return false }
        return Self.isIPLiteral(host, port: port)
    }

    /// `192.0.2.1:8080` or `[2001:db8::1]:8080`: an address, not a name.
    static func isIPLiteral(_ host: String, port: Int) -> Bool {
        guard host.hasSuffix(":\(port)") else { return false }
        let address = host.dropLast(":\(port)".count)
        if address.hasPrefix("["), address.hasSuffix("]") {
            return address.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Whether a write's Origin is the page's own: the address it was sent to, itself one
    /// served. Browsers send Origin on every POST; a request without one is refused too.
    public func allows(origin: String?, host: String?) -> Bool {
        guard let origin = origin?.lowercased(), let host = host?.lowercased(), allows(host: host) else { return false }
        return origin == "http://" + host
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    /// The app's policy: its own scripts, styles, images and requests, nothing from elsewhere,
    /// never framed by another page.
    public static let appPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    /// A rendered report: its own inline styles and SVG, no script at all, framed only by the app.
    public static let reportPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; "
        + "form-action 'none'"
}
