import Foundation
import KithCore

/// SVG text elements, and how much room a text takes before any browser has measured it:
/// charts and the convoy lay labels out from these estimates.
enum SVGText {
    /// A coordinate as SVG holds it: one decimal, the same on every machine.
    static func number(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A `<text>` element; `content` is escaped here.
    static func element(
        _ x: Double, _ y: Double, _ content: String, size: Double, anchor: String = "start", weight: String = "400",
        fill: String = "#1d2a33", role: String? = nil
    ) -> String {
        let kind = role.map { " class=\"\($0)\"" } ?? ""
        let place = " x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(number(size))\" text-anchor=\"\(anchor)\""
        return
            "<text\(kind)\(place) font-weight=\"\(weight)\" fill=\"\(fill)\">\(HTMLReportRenderer.escape(content))</text>"
    }

    /// The width of `s` at font size `size`, on the wide side: the widths of DejaVu Sans (the
    /// usual sans-serif on Linux, and wider than the fonts of other systems) rounded up, so
    /// labels laid out with it do not touch in any of them.
    static func width(_ s: String, size: Double) -> Double {
        var em = 0.0
        for u in s.unicodeScalars {
            switch u.value {
            case 0x20: em += 0.34
            case 0x30...0x39: em += 0.64
            case 0x21, 0x27, 0x2C, 0x2E, 0x3A, 0x3B, 0x69, 0x6A, 0x6C, 0x7C: em += 0.34  // ! ' , . : ; i j l |
            case 0x28, 0x29, 0x49, 0x5B, 0x5D, 0x66, 0x72, 0x74: em += 0.46  // ( ) I [ ] f r t
            case 0x25, 0x40, 0x4D, 0x57, 0x6D, 0x77: em += 1.02  // % @ M W m w
            case 0x41...0x5A: em += 0.8
            case 0x61...0x7A: em += 0.64
            case 0..<0x80: em += 0.84
            case 0x300...0x36F: break  // combining marks
            case 0x1F000...: em += 1.25
            default: em += 1.0
            }
        }
        return em * size
    }

    /// How far a text's box reaches above and below its baseline, as parts of its size.
    static let ascent = 0.96, descent = 0.26

    /// `s` cut with an ellipsis to fit `maxWidth`.
    static func truncated(_ s: String, toWidth maxWidth: Double, size: Double) -> String {
        guard width(s, size: size) > maxWidth else { return s }
        var out = ""
        for ch in s {
            if width(out + String(ch) + "…", size: size) > maxWidth { break }
            out.append(ch)
        }
        return out + "…"
    }
}

/// A rectangle in SVG coordinates, for checking that labels keep clear of each other.
struct SVGBox {
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box of a text at `x` (where `anchor` puts it) with its baseline at `baseline`.
    init(text: String, x: Double, baseline: Double, size: Double, anchor: String) {
        let w = SVGText.width(text, size: size)
        let left = anchor == "end" ? x - w : anchor == "middle" ? x - w / 2 : x
        self.init(
            minX: left, minY: baseline - SVGText.ascent * size, maxX: left + w, maxY: baseline + SVGText.descent * size)
    }

    /// A square of half-side `r` around a point.
    init(around x: Double, _ y: Double, r: Double) {
        self.init(minX: x - r, minY: y - r, maxX: x + r, maxY: y + r)
    }

    /// The box grown by `d` on every side.
    func padded(_ d: Double) -> SVGBox { SVGBox(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d) }

    func intersects(_ o: SVGBox) -> Bool { minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY }

    /// The smallest box holding both.
    func union(_ o: SVGBox) -> SVGBox {
        SVGBox(minX: min(minX, o.minX), minY: min(minY, o.minY), maxX: max(maxX, o.maxX), maxY: max(maxY, o.maxY))
    }
}
