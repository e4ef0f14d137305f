import CKithLua
import CLua
import KithCore

/// Helpers for what every instrument and many plugins repeat: adding up item answers,
/// finding a total's band, and the first day of a week. Pure functions: they read no data.
extension KithAPI {
    /// The most items `kith.assessments.sum` adds up.
    static let maxScoredItems = 1_000

    /// `kith.assessments.sum` and `band`, inside the assessments table.
    static func installScoring(_ b: APIBuilder) {
        // sum(answers, 9) adds items "1".."9"; sum(answers, {"1", "4"}) adds those items.
        b.function("sum") { c in
            guard c.type(1) == LUA_TTABLE else {
                throw KithError.invalid("answers", "must be a table of item id = answer, got \(c.typeName(1))")
            }
            let answers = LuaTableReader(call: c, index: lua_absindex(c.L, 1), prefix: "answers")
            var total = 0
            for id in try itemIDs(c, 2) {
                guard let value = try answers.integer(id) else {
                    throw KithError.invalid("answers", "has no answer for item \(id)")
                }
                guard (-1_000_000...1_000_000).contains(value) else {
                    throw KithError.invalid("answers", "item \(id): \(value) is not an answer a questionnaire gives")
                }
                total += value
            }
            c.push(total)
            return 1
        }
        // band(total, { {from=0, to=4, label="minimal"}, ... }) --> "minimal", or nil.
        b.function("band") { c in
            let total = try c.number(1, field: "total")
            guard c.type(2) == LUA_TTABLE else {
                throw KithError.invalid("bands", "must be a list of {from=, to=, label=}, got \(c.typeName(2))")
            }
            let bands = lua_absindex(c.L, 2)
            let count = Int(lua_rawlen(c.L, bands))
            guard count <= ChartBand.maximumCount * 4 else {
                throw KithError.invalid(
                    "bands", "has \(count) bands; at most \(ChartBand.maximumCount * 4) are accepted")
            }
            for i in stride(from: 1, through: count, by: 1) {
                if let label = try bandLabel(c, bands, i, holding: total) {
                    c.push(label)
                    return 1
                }
            }
            lua_pushnil(c.L)
            return 1
        }
    }

    /// `kith.date.week_start`, inside the date table.
    static func installWeekStart(_ b: APIBuilder) {
        // week_start("2026-03-04") --> "2026-03-02" (Monday); week_start(d, 7) starts on Sunday.
        b.function("week_start") { c in
            let day = try c.date(1, field: "date")
            let first = try c.optionalInteger(2, field: "first_weekday") ?? 1
            guard (1...7).contains(first) else {
                throw KithError.invalid("first_weekday", "must be 1 (Monday) to 7 (Sunday), got \(first)")
            }
            let start = day - ((KithTime.weekday(day) - first) + 7) % 7
            guard KithTime.supportedDays.contains(start) else {
                throw KithError.invalid(
                    "date", "is the first week of year 1; its start is outside the calendar Kith keeps")
            }
            c.push(KithTime.formatDate(start))
            return 1
        }
    }

    /// The label of band `i` of the list at `bands` if it holds `total`; the stack as it was.
    private static func bandLabel(_ c: LuaCall, _ bands: Int32, _ i: Int, holding total: Double) throws -> String? {
        lua_rawgeti(c.L, bands, lua_Integer(i))
        defer { ckith_pop(c.L, 1) }
        let band = try c.table(-1, field: "bands[\(i)]", allowed: ["from", "to", "label"])
        guard let from = try band.number("from"), let to = try band.number("to"), let label = try band.string("label")
        else {
            throw KithError.invalid("bands[\(i)]", "needs from, to and label")
        }
        return from <= total && total <= to ? label : nil
    }

    /// Item ids from a count (n: "1".."n") or a list of ids.
    private static func itemIDs(_ c: LuaCall, _ index: Int32) throws -> [String] {
        if c.type(index) == LUA_TNUMBER {
            let n = try c.integer(index, field: "items")
            guard (1...maxScoredItems).contains(n) else {
                throw KithError.invalid("items", "must be from 1 to \(maxScoredItems), got \(n)")
            }
            return (1...n).map(String.init)
        }
        guard c.type(index) == LUA_TTABLE else {
            throw KithError.invalid("items", "must be a count of items or a list of item ids, got \(c.typeName(index))")
        }
        let list = lua_absindex(c.L, index)
        let count = Int(lua_rawlen(c.L, list))
        guard count <= maxScoredItems else {
            throw KithError.invalid("items", "has \(count) ids; at most \(maxScoredItems)")
        }
        return try stride(from: 1, through: count, by: 1).map { i in
            lua_rawgeti(c.L, list, lua_Integer(i))
            defer { ckith_pop(c.L, 1) }
            return try c.string(-1, field: "items[\(i)]")
        }
    }
}
