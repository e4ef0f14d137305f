import Foundation

/// `kith export --format fhir`: assessment results as a FHIR R4 Bundle (type collection), each
/// a QuestionnaireResponse and a scored Observation derived from it, for a clinic's records.
/// Codes come from the instrument's definition (its plugin declares LOINC where it exists),
/// never from an id; Kith's own code system otherwise. Every id derives from the store's random
/// identity: two stores never collide, and one store always gives the same ids.
public enum FHIRExport {
    static let kithSystem = "urn:kith:assessment"

    /// One resource: its type, its id (stable per store and result) and its JSON object.
    public struct Resource {
        public let type: String
        public let id: String
        public let body: [String: Any]
    }

    /// The bundle as JSON (sorted keys): resources refer to each other by `urn:uuid:` URLs.
    public static func bundle(_ store: KithStore) throws -> Data {
        let entries: [[String: Any]] = try resources(store, reference: { _, id in "urn:uuid:" + id }).map {
            ["fullUrl": "urn:uuid:" + $0.id, "resource": $0.body]
        }
        let bundle: [String: Any] = [
            "resourceType": "Bundle", "type": "collection", "timestamp": store.clock.nowText, "entry": entries,
        ]
        return try JSONSerialization.data(
            withJSONObject: bundle, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Every resource of the store's results, the Patient first; `reference(type, id)` is how
    /// one resource names another (a bundle's `urn:uuid:`, Bulk Data's `Patient/ID`).
    public static func resources(_ store: KithStore, reference: (String, String) -> String) throws -> [Resource] {
        let definitions = Dictionary(store.catalog.assessments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let identity = try store.storeID()
        let patientID = uuid("patient", identity)
        let patient = reference("Patient", patientID)
        var entries: [Resource] = [
            Resource(
                type: "Patient", id: patientID,
                body: [
                    "resourceType": "Patient", "active": true,
                    "text": [
                        "status": "generated",
                        "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">The person whose Kith store this is</div>",
                    ],
                ])
        ]
        for r in try store.assessmentResults().reversed() {
            let definition = definitions[r.assessment]
            let codes = definition?.codes
            let responseID = uuid("response", "\(identity)-\(r.id)-\(r.at)")
            let responseURL = reference("QuestionnaireResponse", responseID)
            let listed = definition?.items ?? r.answers.keys.sorted().map { .init(id: $0, text: $0) }
            /// An answer as a Coding: the instrument's code (LOINC LA6568-5) where it has one.
            func answerCoding(_ item: AssessmentDefinition.Item, _ value: Int) -> [String: Any]? {
                guard let choice = definition?.choices(for: item).first(where: { $0.value == value }) else {
                    return nil
                }
                if let code = choice.code, let system = codes?.system {
                    return ["system": system, "code": code, "display": choice.label]
                }
                return ["system": "urn:kith:choice:\(r.assessment)", "code": String(value), "display": choice.label]
            }
            let items: [[String: Any]] = listed.compactMap { item in
                guard let value = r.answers[item.id] else { return nil }
                let answer: [String: Any] =
                    answerCoding(item, value).map { ["valueCoding": $0] } ?? ["valueInteger": value]
                return ["linkId": item.id, "text": item.text, "answer": [answer]]
            }
            var response: [String: Any] = [
                "resourceType": "QuestionnaireResponse", "status": "completed", "subject": ["reference": patient],
                "authored": r.at, "item": items,
                "questionnaire": codes.flatMap { c in
                    c.panel.map { c.system == "http://loinc.org" ? "http://loinc.org/q/\($0)" : "\(c.system)/q/\($0)" }
                }
                    ?? "urn:kith:questionnaire:\(r.assessment)|\(r.version)",
            ]
            response["identifier"] = ["system": "urn:kith:result", "value": String(r.id)]
            var coding: [[String: Any]] = [
                ["system": kithSystem, "code": r.assessment, "display": definition?.title ?? r.assessment]
            ]
            if let codes {
                var code: [String: Any] = ["system": codes.system, "code": codes.total]
                if let display = codes.display { code["display"] = display }
                coding.insert(code, at: 0)
            }
            var observation: [String: Any] = [
                "resourceType": "Observation", "status": "final",
                "category": [
                    [
                        "coding": [
                            [
                                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "survey", "display": "Survey",
                            ]
                        ]
                    ]
                ],
                "code": ["coding": coding, "text": "\(definition?.title ?? r.assessment) total score"],
                "subject": ["reference": patient], "effectiveDateTime": r.at,
                "valueQuantity": [
                    "value": r.total, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}",
                ],
                "derivedFrom": [["reference": responseURL]],
            ]
            if let band = r.band { observation["interpretation"] = [["text": band]] }
            let notes = r.flags.map { ["text": $0] }
            if !r.subscales.isEmpty {
                observation["component"] = r.subscales.keys.sorted().map { key in
                    [
                        "code": ["coding": [["system": kithSystem, "code": "\(r.assessment).\(key)"]], "text": key],
                        "valueQuantity": [
                            "value": r.subscales[key]!, "unit": "{score}", "system": "http://unitsofmeasure.org",
                            "code": "{score}",
                        ],
                    ] as [String: Any]
                }
            }
            if !notes.isEmpty { observation["note"] = notes }
            entries.append(Resource(type: "QuestionnaireResponse", id: responseID, body: response))
            entries.append(
                Resource(
                    type: "Observation", id: uuid("observation", "\(identity)-\(r.id)-\(r.at)"), body: observation))
            // Items a clinic acts on by themselves (PHQ-9 item 9): an Observation each, coded.
            for item in listed where item.observed {
                guard let value = r.answers[item.id], let system = codes?.system, let code = item.code,
                    let answer = answerCoding(item, value)
                else { continue }
                let itemObservation: [String: Any] = [
                    "resourceType": "Observation", "status": "final",
                    "category": [
                        [
                            "coding": [
                                [
                                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                    "code": "survey", "display": "Survey",
                                ]
                            ]
                        ]
                    ],
                    "code": ["coding": [["system": system, "code": code]], "text": item.text],
                    "subject": ["reference": patient], "effectiveDateTime": r.at,
                    "valueCodeableConcept": [
                        "coding": [answer], "text": answer["display"] as? String ?? String(value),
                    ],
                    "derivedFrom": [["reference": responseURL]],
                ]
                entries.append(
                    Resource(
                        type: "Observation", id: uuid("observation", "\(identity)-\(r.id)-\(r.at)-\(item.id)"),
                        body: itemObservation))
            }
        }
        return entries
    }

    /// A stable UUID (v5-like, from a hash) so that the same result always gets the same id.
    static func uuid(_ kind: String, _ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in (kind + ":" + key).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 ^ UInt64(byte)) &* 0x100_0000_01b3 &+ 7
        }
        let hex = String(format: "%016llx%016llx", hash, hash2)
        let chars = Array(hex)
        func part(_ a: Int, _ b: Int) -> String { String(chars[a..<b]) }
        return "\(part(0, 8))-\(part(8, 12))-5\(part(13, 16))-a\(part(17, 20))-\(part(20, 32))"
    }
}
