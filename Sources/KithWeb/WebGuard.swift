import Foundation

/// Who may talk to `kith serve`, decided without any HTTP machinery so it can be tested on
/// its own: a one-time token in the URL becomes a session cookie; the Host header must name
/// the address served (DNS rebinding is refused); a write must come from the page itself.
public final class WebGuard: @unchecked Sendable {
    /// The cookie that carries the session.
    public static let cookieName = "kith_session"

    private let lock = NSLock()
    private var oneTimeToken: String?
    private let sessionSecret: String
    /// `host:port` forms a browser may send for the address served.
    public let allowedHosts: Set<String>
    /// The origins a write may come from.
    public let allowedOrigins: Set<String>

    /// A guard for a server at `hosts` (each `host:port`), with fresh secrets.
    public init(hosts: [String]) {
        oneTimeToken = Self.secret()
        sessionSecret = Self.secret()
        allowedHosts = Set(hosts.map { $0.lowercased() })
        allowedOrigins = Set(hosts.map { "http://" + $0.lowercased() })
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
            guard pair.hasPrefix(Self.cookieName + "=") else { continue }
            if Self.equal(String(pair.dropFirst(Self.cookieName.count + 1)), sessionSecret) { return true }
        }
        return false
    }

    /// The Set-Cookie value for the session: never readable by scripts, never sent from
    /// another site.
    public func sessionCookie(_ value: String) -> String {
        "\(Self.cookieName)=\(value); HttpOnly; SameSite=Strict; Path=/"
    }

    /// Whether the Host header names the address served (anything else may be DNS rebinding).
    public func allows(host: String?) -> Bool {
        guard let host else { return false }
        return allowedHosts.contains(host.lowercased())
    }

    /// Whether a write's Origin is the page's own. Browsers send Origin on every POST; a
    /// request without one is no browser's, and is refused too.
    public func allows(origin: String?) -> Bool {
        guard let origin else { return false }
        return allowedOrigins.contains(origin.lowercased())
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
