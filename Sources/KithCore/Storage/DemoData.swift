/// A small, realistic example network and eight weeks of journal, for trying Kith out.
/// Deterministic: the same clock gives the same store.
public enum DemoData {
    /// Fills an empty store; refuses one that already holds people.
    public static func fill(_ store: KithStore) throws {
        try store.transaction {
            guard try store.people(PeopleFilter(archived: nil)).isEmpty else {
                throw KithError(
                    .conflict,
                    "The store at \(store.path) already holds people; the demo fills an empty store only. Use '--store /tmp/demo.sqlite'."
                )
            }
            try addNetwork(store)
            try addHistory(store)
            try addSchedule(store)
        }
    }

    private static func addNetwork(_ store: KithStore) throws {
        let people: [(String, String, PersonKind, Circle, [SupportDimension], String?, Bool)] = [
            ("Ana", "family", .person, .inner, [.emotional, .practical], "+1 555 0100", false),
            ("Marco", "friend", .person, .inner, [.emotional], "+1 555 0101", false),
            ("Dee", "peer", .person, .inner, [.emotional, .informational], "+1 555 0102", true),
            ("Harbor Peer Group", "peer", .group, .middle, [.emotional, .informational], nil, false),
            ("Dr. Okafor", "professional", .person, .middle, [.informational], "+1 555 0110", false),
            ("Sam from work", "community", .person, .outer, [.practical], nil, false),
            ("Recovery forum", "online", .group, .outer, [.informational], nil, false),
            ("Crisis line", "professional", .service, .outer, [.emotional, .informational], "988", true),
        ]
        for (name, type, kind, circle, provides, phone, crisis) in people {
            var p = NewPerson(name: name, type: type)
            p.kind = kind
            p.circle = circle
            p.provides = provides
            p.phone = phone
            p.crisis = crisis
            if kind == .service { p.cadenceDays = .some(nil) }
            _ = try store.addPerson(p)
        }
    }

    private static func addSchedule(_ store: KithStore) throws {
        // Anchored to the past weeks so that the schedule is running when the demo starts.
        let today = store.clock.today
        func next(_ weekday: Int, hour: Int) -> String {
            let back = (KithTime.weekday(today) - weekday + 7) % 7 + 7
            let day = today - back
            let local = KithTime.localMidnight(day, timeZone: store.clock.timeZone) + Int64(hour * 3600)
            return KithTime.formatInstant(local)
        }
        var group = NewScheduleEvent(title: "Tuesday group", starts: next(2, hour: 19))
        group.person = .name("Harbor Peer Group")
        group.durationMinutes = 90
        group.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU")])
        group.remindMinutesBefore = 60
        _ = try store.addScheduleEvent(group)
        var therapy = NewScheduleEvent(title: "Therapy with Dr. Okafor", starts: next(4, hour: 10))
        therapy.person = .name("Dr. Okafor")
        therapy.recurrence = try Recurrence(frequency: .weekly, interval: 2, byDay: [Recurrence.Day("TH")])
        therapy.remindMinutesBefore = 120
        _ = try store.addScheduleEvent(therapy)
    }

    private static func addHistory(_ store: KithStore) throws {
        let today = store.clock.today
        let notes = [
            "Slept badly, anxious about money.", "Good talk with Ana about the new job.",
            "Went to group. Shared for the first time.", "Craving in the evening, called Dee.",
            "Quiet day. Walked by the river.", "Therapy: worked on the bad-day plan.",
            "Tired but steady.", "Felt connected after the meeting.",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {  // a fixed-seed generator keeps the demo the same every time
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for back in stride(from: 56, through: 1, by: -1) {
            let day = today - back
            let date = KithTime.formatDate(day)
            let met = next(3) > 0
            if met {
                var i = NewInteraction(
                    person: .name(["Ana", "Marco", "Dee", "Harbor Peer Group"][next(4)]),
                    channel: [.call, .inPerson, .text, .groupMeeting][next(4)])
                i.at = date + "T18:00:00Z"
                i.received = [.emotional]
                i.helpfulness = 3 + next(3)
                _ = try store.logInteraction(i)
            }
            var e = NewJournalEntry()
            e.at = date + "T21:00:00Z"
            e.mood = max(1, min(5, (met ? 3 : 2) + next(3) - 1 + (back < 20 ? 1 : 0)))
            e.text = notes[next(notes.count)]
            e.tags = met ? ["connected"] : []
            if next(4) == 0 { e.tags.append("work") }
            e.metrics = [
                "sleep_hours": .number(Double(5 + next(5)) + 0.5), "craving": .integer(Int64(next(6))),
                "stress": .integer(Int64(2 + next(6))),
            ]
            _ = try store.addJournalEntry(e)
        }
    }
}
