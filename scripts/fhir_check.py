#!/usr/bin/env python3
"""Validates a FHIR R4 Bundle written by `kith export --format fhir` with an independent FHIR
library (fhir.resources), resource by resource, and prints a summary as JSON.
With --bulk, validates a FHIR Bulk Data folder (`kith export --format fhir-ndjson`, `kith batch
export`): the manifest, and every line of every NDJSON file, and that every reference resolves.

usage: fhir_check.py FILE
       fhir_check.py --bulk DIR
"""
import json
import os
import sys
import urllib.parse

from fhir.resources.R4B import get_fhir_model_class


def bulk(folder):
    with open(os.path.join(folder, "manifest.json")) as handle:
        manifest = json.load(handle)
    assert manifest["requiresAccessToken"] is False and manifest["error"] == [], "manifest flags"
    assert manifest["transactionTime"].endswith("Z"), "transactionTime is an instant"
    ids, references, counts = {}, [], {}
    for output in manifest["output"]:
        kind, url = output["type"], urllib.parse.urlparse(output["url"])
        assert url.scheme == "file", f"url {output['url']} is a file URL"
        path = urllib.parse.unquote(url.path)
        assert os.path.samefile(os.path.dirname(path), folder), f"{path} is in the folder"
        with open(path) as handle:
            lines = handle.read().splitlines()
        assert len(lines) == output["count"], f"{kind}: {len(lines)} lines, manifest says {output['count']}"
        model = get_fhir_model_class(kind)
        for number, line in enumerate(lines, 1):
            resource = json.loads(line)
            assert resource["resourceType"] == kind, f"{kind}.ndjson line {number} is a {resource['resourceType']}"
            model.model_validate(resource)
            assert resource["id"] not in ids, f"id {resource['id']} appears twice"
            ids[resource["id"]] = kind
            subject = resource.get("subject", {}).get("reference")
            if subject:
                references.append(subject)
            references += [d["reference"] for d in resource.get("derivedFrom", [])]
        counts[kind] = len(lines)
    for reference in references:
        kind, _, target = reference.partition("/")
        assert ids.get(target) == kind, f"reference {reference} does not resolve in the folder"
    patients = sorted(i for i, k in ids.items() if k == "Patient")
    json.dump({"counts": counts, "patients": patients, "references": len(references)}, sys.stdout)


def main():
    if sys.argv[1] == "--bulk":
        return bulk(sys.argv[2])
    with open(sys.argv[1]) as handle:
        data = json.load(handle)
    bundle = get_fhir_model_class("Bundle").model_validate(data)
    summary = {"type": bundle.type, "resources": [], "observations": []}
    for entry in data["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        summary["resources"].append(resource["resourceType"])
        if resource["resourceType"] == "Observation":
            codes = [c["system"] + "|" + c["code"] for c in resource["code"]["coding"]]
            if model.valueQuantity is not None:
                value = float(model.valueQuantity.value)
            else:  # an item observed on its own (PHQ-9 item 9): the coded answer
                value = [c.system + "|" + c.code for c in model.valueCodeableConcept.coding]
            summary["observations"].append({"codes": codes, "value": value,
                                            "derivedFrom": resource["derivedFrom"][0]["reference"]})
    json.dump(summary, sys.stdout)


if __name__ == "__main__":
    main()
