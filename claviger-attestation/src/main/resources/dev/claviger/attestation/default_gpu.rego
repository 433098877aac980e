# Copyright 2026 The Claviger Authors
# SPDX-License-Identifier: Apache-2.0
#
# Claviger default appraisal policy for GPU-class evidence (policy id "default_gpu").
#
# NVIDIA GPUs are judged on the claims NRAS reports (x-nvidia-*), with the same results as the
# upstream Trustee default GPU policy. The insecure "sampledevice" test device gets hardware 2
# when its svn is registered as reference value "device_svn" (upstream reads data.reference,
# which its Attestation Service never provides, so that rule could not fire there).

package policy

import rego.v1

default executables := 33

default hardware := 97

default configuration := 36

default file_system := 0

default instance_identity := 0

default runtime_opaque := 0

default storage_opaque := 0

default sourced_data := 0

trust_claims := {
	"instance-identity": instance_identity,
	"configuration": configuration,
	"executables": executables,
	"file-system": file_system,
	"hardware": hardware,
	"runtime-opaque": runtime_opaque,
	"storage-opaque": storage_opaque,
	"sourced-data": sourced_data,
}

hardware := 2 if input.sampledevice.svn in query_reference_value("device_svn")

# The attestation report is signed by a valid, unrevoked device certificate whose FWID matches,
# and the architecture is the expected one.
hardware := 2 if {
	gpu := input.nvidia
	cert_chain_good(gpu["x-nvidia-gpu-attestation-report-cert-chain"])
	gpu["x-nvidia-gpu-attestation-report-cert-chain-fwid-match"]
	gpu["x-nvidia-gpu-attestation-report-parsed"]
	gpu["x-nvidia-gpu-attestation-report-signature-verified"]
	gpu["x-nvidia-gpu-arch-check"]
}

configuration := 2 if {
	gpu_secure_mode
	input.nvidia["x-nvidia-gpu-vbios-version"] in query_reference_value("allowed_vbios_versions")
	input.nvidia["x-nvidia-gpu-driver-version"] in query_reference_value("allowed_driver_versions")
} else := 3 if {
	gpu_secure_mode
}

# Measurements match both signed reference integrity manifests (driver and VBIOS).
executables := 3 if {
	gpu := input.nvidia
	cert_chain_good(gpu["x-nvidia-gpu-vbios-rim-cert-chain"])
	rim_good(gpu, "driver")
	rim_good(gpu, "vbios")
	gpu.measres == "success"
}

gpu_secure_mode if {
	input.nvidia.secboot
	input.nvidia.dbgstat == "disabled"
}

cert_chain_good(chain) if {
	chain["x-nvidia-cert-ocsp-status"] == "good"
	chain["x-nvidia-cert-status"] == "valid"
}

rim_good(gpu, kind) if {
	every check in ["fetched", "measurements-available", "schema-validated",
		"signature-verified", "version-match"] {
		gpu[sprintf("x-nvidia-gpu-%s-rim-%s", [kind, check])]
	}
}
