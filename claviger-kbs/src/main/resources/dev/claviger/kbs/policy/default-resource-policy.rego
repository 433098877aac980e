# Claviger default KBS resource policy.
#
# input = the verified EAR claims; data = {"plugin", "resource-path", "query"}.
# Release a resource only when every appraised component (submod) is "affirming", and never to a
# sample (software-only, unverifiable) TEE. Upload your own policy to relax either rule.
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	count(input.submods) > 0
	every _, submod in input.submods {
		submod["ear.status"] == "affirming"
	}
	not sample_evidence
}

sample_evidence if {
	some _, submod in input.submods
	evidence := submod["ear.veraison.annotated-evidence"]
	some tee in {"sample", "sampledevice"}
	evidence[tee]
}
