import Foundation
import KithCore

/// The convoy model: you in the middle, inner, middle and outer circles around, each person a
/// mark coloured by support type (other plugins' types also shaped) and crisis contacts
/// ringed. Names sit beside the marks when every one fits clear of the others; otherwise
/// the marks are numbered and the names listed in a key below, so no label covers another.
struct ConvoySVG {
    let people: [ConvoyMember]
    /// The diagram's number in the document, for ids unique in it.
    let number: Int

    /// A mark's radius; how far a ringed mark reaches; the room of one mark along a track and
    /// between tracks; the "you" dot; the margin.
    static let dot = 8.0, ringed = 13.0, slot = 28.0, trackGap = 28.0, you = 16.0, pad = 10.0
    /// The extra room round each circle when names sit beside the marks.
    static let nameRoom = 30.0

    /// Someone's place.
    struct Spot {
        let member: ConvoyMember
        let mark: ChartPalette.Mark
        let x: Double
        let y: Double
        /// How far the mark (and its ring) reaches from its centre.
        var reach: Double { member.crisis ? ConvoySVG.ringed : mark.shape == .diamond ? 11 : ConvoySVG.dot + 1 }
    }

    /// A circle's ring and its name, at the top just inside it.
    struct Ring {
        let circle: Circle
        let radius: Double
        var labelBaseline: Double { -radius + 14 }
        var labelBox: SVGBox {
            SVGBox(text: circle.rawValue, x: 0, baseline: labelBaseline, size: 11, anchor: "middle")
        }
    }

    /// One round of marks within a circle: `count` of them, spread evenly clockwise from the
    /// top, leaving `reserved` radians free either side of the top for the circle's name.
    struct Track {
        let radius: Double
        let count: Int
        let reserved: Double
    }

    struct NameLabel {
        let text: String
        let x: Double
        let baseline: Double
        let anchor: String
        let box: SVGBox
    }

    var svg: String {
        let roomy = Self.layout(people, spread: Self.nameRoom)
        let labels = Self.nameLabels(roomy.spots, rings: roomy.rings)
        let (rings, spots) = labels == nil ? Self.layout(people, spread: 0) : roomy
        let f = SVGText.number
        var bounds = SVGBox(around: 0, 0, r: (rings.last?.radius ?? 0) + 1)
        for label in labels ?? [] { bounds = bounds.union(label.box) }
        let half = max(bounds.maxX, -bounds.minX, 240) + Self.pad
        let (left, right) = (-half + Self.pad, half - Self.pad)

        var body: [String] = []
        let fills: [Circle: String] = [.inner: "#eef3f6", .middle: "#f5f8fa", .outer: "#fbfcfd"]
        for ring in rings.reversed() {
            body.append(
                "<circle cx=\"0\" cy=\"0\" r=\"\(f(ring.radius))\" fill=\"\(fills[ring.circle] ?? "#ffffff")\" stroke=\"#c9d3da\"/>"
            )
            body.append(
                SVGText.element(
                    0, ring.labelBaseline, ring.circle.rawValue, size: 11, anchor: "middle", fill: "#5c6b75",
                    role: "ring"))
        }
        body.append("<circle cx=\"0\" cy=\"0\" r=\"\(f(Self.you))\" fill=\"#1d2a33\"/>")
        body.append(SVGText.element(0, 4, "you", size: 11, anchor: "middle", fill: "#ffffff"))
        for (n, spot) in spots.enumerated() {
            let m = spot.member
            let tip =
                "<title>\(HTMLReportRenderer.escape(m.name + " (" + m.type + (m.crisis ? ", crisis contact" : "") + ")"))</title>"
            body.append(Self.shape(spot.mark, at: spot.x, spot.y, type: m.type, tip: tip))
            if m.crisis {
                body.append(
                    "<circle cx=\"\(f(spot.x))\" cy=\"\(f(spot.y))\" r=\"12\" fill=\"none\" stroke=\"#1d2a33\" stroke-width=\"2\"/>"
                )
            }
            if labels == nil {
                body.append(
                    SVGText.element(
                        spot.x, spot.y + 3.2, String(n + 1), size: 9, anchor: "middle", fill: spot.mark.ink,
                        role: "number"))
            }
        }
        for label in labels ?? [] {
            body.append(
                SVGText.element(label.x, label.baseline, label.text, size: 11, anchor: label.anchor, role: "name"))
        }

        // The legend: each support type present, and the crisis ring, flowing onto more rows.
        var entries = Array(Set(people.map(\.type))).sorted().map {
            (text: $0, mark: Optional(ChartPalette.mark(forType: $0)))
        }
        if people.contains(where: \.crisis) { entries.append((text: "crisis contact", mark: nil)) }
        var (x, rowY) = (left, bounds.maxY + 22)
        for entry in entries {
            let width = 18 + SVGText.width(entry.text, size: 12) + 18
            if x > left && x + width - 18 > right {
                x = left
                rowY += 22
            }
            if let mark = entry.mark {
                body.append(Self.shape(mark, at: x + 7, rowY, size: 0.75, type: entry.text, tip: ""))
            } else {
                body.append(
                    "<circle cx=\"\(f(x + 7))\" cy=\"\(f(rowY))\" r=\"6\" fill=\"none\" stroke=\"#1d2a33\" stroke-width=\"2\"/>"
                )
            }
            body.append(SVGText.element(x + 18, rowY + 4, entry.text, size: 12, role: "legend"))
            x += width
        }
        var end = entries.isEmpty ? bounds.maxY : rowY + 10

        // The key of numbered marks, in columns read downwards.
        if labels == nil && !spots.isEmpty {
            let names = spots.enumerated().map { n, spot in
                SVGText.truncated("\(n + 1). \(spot.member.name)", toWidth: 200, size: 11)
            }
            let column = (names.map { SVGText.width($0, size: 11) }.max() ?? 0) + 18
            let columns = max(1, Int((right - left + 18) / column))
            let rows = (names.count + columns - 1) / columns
            let top = end + 20
            for (i, name) in names.enumerated() {
                body.append(
                    SVGText.element(
                        left + Double(i / rows) * column, top + Double(i % rows) * 16, name, size: 11, role: "key"))
            }
            end = top + Double(rows - 1) * 16 + 4
        }

        let id = "chart-\(number)"
        let minY = bounds.minY - Self.pad
        let head =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"\(f(-half)) \(f(minY)) \(f(2 * half)) \(f(end + Self.pad - minY))\" "
            + "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" class=\"convoy\">"
        let name = "<title id=\"\(id)-title\">Your support network as circles</title>"
        let words = "<desc id=\"\(id)-desc\">\(HTMLReportRenderer.escape(summary))</desc>"
        return ([head, name, words] + body + ["</svg>"]).joined(separator: "\n")
    }

    /// A mark: a circle for Kith's and the bundled plugins' types, a square or diamond for
    /// other plugins' types (`size` scales it down for the legend).
    static func shape(_ mark: ChartPalette.Mark, at x: Double, _ y: Double, size: Double = 1, type: String, tip: String)
        -> String
    {
        let f = SVGText.number
        let paint =
            "data-type=\"\(HTMLReportRenderer.escape(type))\" fill=\"\(mark.fill)\" stroke=\"#1d2a33\" stroke-width=\"0.75\""
        switch mark.shape {
        case .circle:
            return "<circle \(paint) cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(dot * size))\">\(tip)</circle>"
        case .square:
            let h = 7.5 * size
            return
                "<rect \(paint) x=\"\(f(x - h))\" y=\"\(f(y - h))\" width=\"\(f(2 * h))\" height=\"\(f(2 * h))\">\(tip)</rect>"
        case .diamond:
            let h = 10 * size
            return
                "<polygon \(paint) points=\"\(f(x)),\(f(y - h)) \(f(x + h)),\(f(y)) \(f(x)),\(f(y + h)) \(f(x - h)),\(f(y))\">\(tip)</polygon>"
        }
    }

    /// Rings and places, with `spread` more room round each circle. Each circle fills rounds
    /// of marks from the inside out, as many rounds as its people need.
    static func layout(_ people: [ConvoyMember], spread: Double) -> (rings: [Ring], spots: [Spot]) {
        var rings: [Ring] = [], spots: [Spot] = []
        var start = you + dot + ringed
        for circle in Circle.allCases {
            let members = people.filter { $0.circle == circle }
            if circle != .inner { start += spread }
            let halfLabel = SVGText.width(circle.rawValue, size: 11) / 2 + 3
            var next = 0
            let tracks = Self.tracks(count: members.count, from: start, halfLabel: halfLabel, spread: spread)
            for track in tracks {
                for j in 0..<track.count {
                    let angle =
                        track.reserved + (2 * Double.pi - 2 * track.reserved) * (Double(j) + 0.5) / Double(track.count)
                    let member = members[next]
                    spots.append(
                        Spot(
                            member: member, mark: ChartPalette.mark(forType: member.type),
                            x: track.radius * sin(angle), y: -track.radius * cos(angle)))
                    next += 1
                }
            }
            let radius = (tracks.last?.radius ?? start - dot) + ringed + dot + spread
            rings.append(Ring(circle: circle, radius: radius))
            start = radius + dot + ringed
        }
        return (rings, spots)
    }

    /// Rounds for `count` marks from radius `start` outwards. Only the last round can meet the
    /// circle's name, which sits just outside it, so only the last keeps the top free.
    static func tracks(count: Int, from start: Double, halfLabel: Double, spread: Double) -> [Track] {
        func capacity(_ radius: Double, _ reserved: Double) -> Int {
            Int((radius * (2 * Double.pi - 2 * reserved) / slot).rounded(.down))
        }
        var tracks: [Track] = []
        var (radius, left) = (start, count)
        while left > 0 {
            // The name's box: a mark must be clear of it sideways, or below it.
            let sideways = asin(min(1, (halfLabel + ringed + 2) / radius))
            let level = 1 - (10 - spread) / radius
            let reserved = min(sideways, level >= 1 ? 0 : acos(max(-1, level)))
            if left <= capacity(radius, reserved) {
                tracks.append(Track(radius: radius, count: left, reserved: reserved))
                break
            }
            let k = min(capacity(radius, 0), left - 1)
            tracks.append(Track(radius: radius, count: k, reserved: 0))
            left -= k
            radius += trackGap
        }
        return tracks
    }

    /// Names beside the marks, outwards; nil when any would touch another name, a mark, a
    /// circle's name or "you".
    static func nameLabels(_ spots: [Spot], rings: [Ring]) -> [NameLabel]? {
        var taken =
            [SVGBox(around: 0, 0, r: you)] + rings.map(\.labelBox)
            + spots.map { SVGBox(around: $0.x, $0.y, r: $0.reach) }
        var labels: [NameLabel] = []
        for spot in spots {
            let e = spot.reach
            let place: (x: Double, baseline: Double, anchor: String) =
                spot.x > 3
                ? (spot.x + e + 4, spot.y + 4, "start")
                : spot.x < -3
                    ? (spot.x - e - 4, spot.y + 4, "end")
                    : spot.y < 0 ? (spot.x, spot.y - e - 4, "middle") : (spot.x, spot.y + e + 15, "middle")
            let box = SVGBox(
                text: spot.member.name, x: place.x, baseline: place.baseline, size: 11, anchor: place.anchor
            ).padded(1)
            if taken.contains(where: box.intersects) { return nil }
            taken.append(box)
            labels.append(
                NameLabel(text: spot.member.name, x: place.x, baseline: place.baseline, anchor: place.anchor, box: box))
        }
        return labels
    }

    /// The diagram in words: how many people in each circle and of each type, and who the
    /// crisis contacts are.
    var summary: String {
        guard !people.isEmpty else { return "No one is in your network yet." }
        let circles = Circle.allCases.map { c in "\(people.filter { $0.circle == c }.count) \(c.rawValue)" }.joined(
            separator: ", ")
        let types = Dictionary(grouping: people, by: \.type).sorted { $0.key < $1.key }.map {
            "\($0.key) \($0.value.count)"
        }
        let crisis = people.filter(\.crisis).map(\.name)
        return
            "\(people.count) \(people.count == 1 ? "person" : "people"): \(circles). By support type: \(types.joined(separator: ", ")). "
            + (crisis.isEmpty
                ? "No crisis contact."
                : "Crisis \(crisis.count == 1 ? "contact" : "contacts"): \(crisis.joined(separator: ", ")).")
    }
}
