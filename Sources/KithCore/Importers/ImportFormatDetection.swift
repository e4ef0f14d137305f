import Foundation

extension ImportFormat {
    /// What `detect` looks for, for the message when it finds nothing.
    public static let detectionSummary =
        "a Kith export (JSON naming \"kith-export\"), Daylio CSV (a header with full_date and mood), "
        + "jrnl JSON (an \"entries\" list) and vCard (BEGIN:VCARD)"

    /// The built-in format a file's content shows, or nil. It reads the first line, and for
    /// JSON searches the bytes (cheap next to parsing): a Kith export's format key may come
    /// after its assessment results.
    public static func detect(_ data: Data) -> String? {
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        let body = data[start...]
        if body.first == UInt8(ascii: "{") {
            if body.range(of: Data("\"kith-export\"".utf8)) != nil { return "kith" }
            if body.range(of: Data("\"entries\"".utf8)) != nil { return "jrnl" }
            return nil
        }
        let firstLine = String(decoding: body.prefix(4096).prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
            .lowercased()
        if firstLine.hasPrefix("begin:vcard") { return "vcard" }
        let columns = firstLine.split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        if columns.contains("full_date") && columns.contains("mood") { return "daylio" }
        return nil
    }
}
