#!/usr/bin/env python3
"""Validates a FHIR R4 Bundle written by `kith export --format fhir` with an independent FHIR
library (fhir.resources), resource by resource, and prints a summary as JSON.

usage: fhir_check.py FILE
"""
import json
import sys

from fhir.resources.R4B import get_fhir_model_class


def main():
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
