# KBS resource policy: release a resource only to a guest whose CPU attestation result is
# "affirming" (every trust-vector claim within the affirming tier of the appraisal policy).
# input = the verified EAR claims; data = {"plugin", "resource-path", "query"}.
package policy

import rego.v1

default allow := false

allow if {
	data.plugin == "resource"
	input.submods.cpu0["ear.status"] == "affirming"
}
