import KithWeb
import Testing

/// Who may talk to `kith serve`, decided on its own: the browser test checks the same refusals
/// through HTTP; these cover the cases a browser cannot produce (forged Host and Origin headers,
/// addresses on other interfaces).
@Suite("the web server's guard")
struct WebGuardTests {
    @Test("the one-time token works once, and only the session's cookie for this port opens a session")
    func tokenAndCookie() throws {
        let guardian = WebGuard(hosts: WebGuard.hostNames(listening: "127.0.0.1", port: 4000), port: 4000)
        let token = guardian.token
        #expect(guardian.exchange(String(repeating: "0", count: token.count)) == nil)
        let secret = try #require(guardian.exchange(token))
        #expect(guardian.exchange(token) == nil, "a used token opens nothing")
        #expect(guardian.hasSession(cookieHeader: "a=b; kith_session_4000=\(secret)"))
        #expect(!guardian.hasSession(cookieHeader: "kith_session_4001=\(secret)"), "another port's cookie name")
        #expect(!guardian.hasSession(cookieHeader: "kith_session_4000=\(secret)x"))
        #expect(!guardian.hasSession(cookieHeader: nil))
        #expect(guardian.sessionCookie(secret).contains("HttpOnly; SameSite=Strict"))
    }

    @Test("Host must name the address served; a write's Origin must be that same address")
    func hostAndOrigin() {
        let local = WebGuard(hosts: WebGuard.hostNames(listening: "127.0.0.1", port: 4000), port: 4000)
        #expect(local.allows(host: "127.0.0.1:4000") && local.allows(host: "LOCALHOST:4000"))
        for host in ["attacker.example:4000", "127.0.0.1:4001", "127.0.0.1", "192.0.2.1:4000", ""] {
            #expect(!local.allows(host: host), "\(host)")
        }
        #expect(local.allows(origin: "http://127.0.0.1:4000", host: "127.0.0.1:4000"))
        #expect(!local.allows(origin: "http://localhost:4000", host: "127.0.0.1:4000"), "another origin, though served")
        #expect(!local.allows(origin: "http://attacker.example", host: "127.0.0.1:4000"))
        #expect(!local.allows(origin: nil, host: "127.0.0.1:4000"))
        #expect(!local.allows(origin: "null", host: "127.0.0.1:4000"))

        let everywhere = WebGuard(hosts: WebGuard.hostNames(listening: "0.0.0.0", port: 4000), port: 4000)
        #expect(everywhere.allows(host: "192.0.2.7:4000") && everywhere.allows(host: "[2001:db8::1]:4000"))
        #expect(!everywhere.allows(host: "rebound.example:4000"), "never a name: it could be rebound")
        #expect(!everywhere.allows(host: "192.0.2.7:4001") && !everywhere.allows(host: "999.1.1.1:4000"))
        let six = WebGuard(hosts: WebGuard.hostNames(listening: "::1", port: 4000), port: 4000)
        #expect(six.allows(host: "[::1]:4000"))
    }
}
