import Foundation

/// JSON-RPC over a pair of file descriptors, one message per line (UTF-8), as editors talk to
/// language servers: `kith rpc` on standard input and output. A line longer than the message
/// limit is answered with an error and skipped to its end, never held whole in memory.
/// Changes (this client's and other processes') are looked for every `pollInterval`.
public final class RPCLineTransport: @unchecked Sendable {  // the server is only touched under `lock`
    let server: RPCServer
    let input: Int32
    let output: FileHandle
    public var pollInterval: TimeInterval = 0.25
    private let lock = NSLock()

    public init(server: RPCServer, input: Int32 = STDIN_FILENO, output: FileHandle = .standardOutput) {
        self.server = server
        self.input = input
        self.output = output
    }

    /// Serves until the input ends.
    public func run() {
        server.notify = { [weak self] line in self?.write(line) }
        let poller = Thread { [weak self] in
            while let self, !Thread.current.isCancelled {
                Thread.sleep(forTimeInterval: self.pollInterval)
                self.lock.withLock { self.server.pollChanges() }
            }
        }
        poller.start()
        defer { poller.cancel() }
        var pending: [UInt8] = []
        var discarding = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    pending.append(contentsOf: buffer[start..<i])
                    answer(pending)
                }
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            guard !discarding else { continue }
            pending.append(contentsOf: buffer[start..<n])
            if pending.count > RPCServer.maxMessageBytes {
                // Too long: answer now, then drop bytes until the line ends.
                pending.removeAll()
                discarding = true
                lock.withLock { write(server.oversized()) }
            }
        }
        if !discarding, !pending.isEmpty { answer(pending) }
    }

    private func answer(_ line: [UInt8]) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        let text = String(validating: line, as: UTF8.self)
        lock.withLock {
            // Not UTF-8 is a parse error like any other malformed message.
            if let reply = server.handle(text ?? "\u{FFFD}") { write(reply) }
            server.afterAnswer()
        }
    }

    private func write(_ line: String) {
        output.write(Data((line + "\n").utf8))
    }
}
