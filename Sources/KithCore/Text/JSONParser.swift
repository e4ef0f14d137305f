import Foundation

/// A strict JSON reader (RFC 8259) for `kith.json.decode`, `kith.store.get` and JSON-RPC messages: one pass over
/// the UTF-8 bytes, a nesting cap it states in its error, and messages that name the byte at
/// fault instead of a decoder's internal types.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private let field: String
    private let maxDepth: Int
    /// What the values built may take: "[[],[],...]" is 3 bytes of text per table.
    private var budget: JSONBudget

    /// Parses `text` as one JSON value.
    static func parse(_ text: String, field: String, maxDepth: Int, budget: JSONBudget) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), field: field, maxDepth: maxDepth, budget: budget)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.fail("text after the value") }
        return value
    }

    private init(bytes: [UInt8], field: String, maxDepth: Int, budget: JSONBudget) {
        self.bytes = bytes
        self.field = field
        self.maxDepth = maxDepth
        self.budget = budget
    }

    private func fail(_ what: String) -> KithError {
        let place = position < bytes.count ? "at byte \(position + 1)" : "at the end"
        return KithError.invalid(field, "is not valid JSON: \(what) \(place)")
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
    }

    private mutating func expect(_ literal: StaticString, _ value: JSONValue) throws -> JSONValue {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes.count - position >= text.count, zip(bytes[position...], text).allSatisfy({ $0 == $1 }) else {
            throw fail("an unexpected character")
        }
        position += text.count
        return value
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        try budget.spend(48, field: field)
        switch current {
        case UInt8(ascii: "{")?: return try object(depth: depth + 1)
        case UInt8(ascii: "[")?: return try array(depth: depth + 1)
        case UInt8(ascii: "\"")?: return .string(try string())
        case UInt8(ascii: "t")?: return try expect("true", .bool(true))
        case UInt8(ascii: "f")?: return try expect("false", .bool(false))
        case UInt8(ascii: "n")?: return try expect("null", .null)
        case let b? where b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39): return try number()
        case nil: throw fail("a missing value")
        default: throw fail("an unexpected character")
        }
    }

    private mutating func nest(_ depth: Int) throws {
        guard depth <= maxDepth else {
            throw KithError.invalid(
                field, "is nested more than \(maxDepth) levels deep; Kith reads JSON up to that depth")
        }
        position += 1
        skipSpace()
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        try nest(depth)
        var items: [JSONValue] = []
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth))
            skipSpace()
            switch current {
            case UInt8(ascii: ",")?: position += 1; skipSpace()
            case UInt8(ascii: "]")?: position += 1; return .array(items)
            default: throw fail("a missing ',' or ']'")
            }
        }
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        try nest(depth)
        var fields: [String: JSONValue] = [:]
        if current == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("a missing field name") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw fail("a missing ':'") }
            position += 1
            skipSpace()
            fields[key] = try value(depth: depth)
            skipSpace()
            switch current {
            case UInt8(ascii: ",")?: position += 1; skipSpace()
            case UInt8(ascii: "}")?: position += 1; return .object(fields)
            default: throw fail("a missing ',' or '}'")
            }
        }
    }

    private mutating func string() throws -> String {
        position += 1
        var out: [UInt8] = []
        while let b = current {
            position += 1
            switch b {
            case UInt8(ascii: "\""):
                try budget.spend(out.count, field: field)
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = current else { throw fail("an unfinished escape") }
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                default: position -= 1; throw fail("an unknown escape")
                }
            case 0..<0x20: position -= 1; throw fail("a control character inside a string")
            default: out.append(b)
            }
        }
        throw fail("an unfinished string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw fail("a short \\u escape") }
        var n: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw fail("a \\u escape that is not hexadecimal")
            }
            n = n << 4 | UInt32(digit)
            position += 1
        }
        return n
    }

    /// A `\uXXXX` escape (the `\u` read), joining a surrogate pair, as UTF-8.
    private mutating func unicodeEscape() throws -> [UInt8] {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw fail("a lone surrogate in a \\u escape")
            }
            position += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in a \\u escape") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw fail("a lone surrogate in a \\u escape")
        }
        return Array(String(Character(Unicode.Scalar(code)!)).utf8)
    }

    private mutating func number() throws -> JSONValue {
        let start = position
        var integral = true
        if current == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let from = position
            while let b = current, b >= 0x30 && b <= 0x39 { position += 1 }
            return position - from
        }
        let lead = position
        let count = digits()
        guard count > 0 else { throw fail("a number without digits") }
        if count > 1 && bytes[lead] == UInt8(ascii: "0") { throw fail("a number with a leading zero") }
        if current == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard digits() > 0 else { throw fail("a number without digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw fail("a number without digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if integral, let n = Int64(text) { return .int(n) }
        guard let x = Double(text), x.isFinite else {
            position = start
            throw fail("a number too large for Kith")
        }
        return .double(x)
    }
}
