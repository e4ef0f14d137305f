import KithCore

/// A call's arguments, read by name with messages that name the parameter at fault.
public struct RPCArguments: Sendable {
    /// In the method's declared order; `.null` where one was left out.
    let values: [JSONValue]
    let names: [String]

    /// The argument at `index`, nil when left out.
    func value(_ index: Int) -> JSONValue? {
        guard index < values.count, values[index] != .null else { return nil }
        return values[index]
    }

    private func name(_ index: Int) -> String {
        index < names.count ? names[index].trimmingCharacters(in: ["?"]) : "params[\(index)]"
    }

    func string(_ index: Int) throws -> String? {
        guard let v = value(index) else { return nil }
        guard case .string(let s) = v else { throw KithError.invalid(name(index), "must be a string") }
        return s
    }

    func requiredString(_ index: Int) throws -> String {
        guard let s = try string(index) else { throw KithError.invalid(name(index), "is required") }
        return s
    }

    func integer(_ index: Int) throws -> Int64? {
        guard let v = value(index) else { return nil }
        switch v {
        case .int(let n): return n
        // 2.0 is 2; anything else (2.5, 1e300) is not an integer, and never converted by trapping.
        case .double(let x) where x.rounded() == x && abs(x) < 9.0e15: return Int64(x)
        default: throw KithError.invalid(name(index), "must be an integer")
        }
    }

    func requiredInteger(_ index: Int) throws -> Int64 {
        guard let n = try integer(index) else { throw KithError.invalid(name(index), "is required") }
        return n
    }

    func boolean(_ index: Int) throws -> Bool? {
        guard let v = value(index) else { return nil }
        guard case .bool(let b) = v else { throw KithError.invalid(name(index), "must be true or false") }
        return b
    }

    func object(_ index: Int) throws -> [String: JSONValue]? {
        guard let v = value(index) else { return nil }
        guard case .object(let o) = v else { throw KithError.invalid(name(index), "must be an object") }
        return o
    }
}
