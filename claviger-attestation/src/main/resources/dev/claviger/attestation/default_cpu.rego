# Copyright 2026 The Claviger Authors
# SPDX-License-Identifier: Apache-2.0
#
# Claviger default appraisal policy for CPU-class evidence (policy id "default_cpu").
#
# It produces an AR4SI trustworthiness vector (data.policy.trust_claims) and the
# "ear.trustee.identifiers" EAR extension (data.policy.extensions). Its results match the
# upstream Trustee default CPU policy claim for claim, so reference values written for
# Trustee keep working. Reference values are read with query_reference_value(name), which
# yields null when nothing (unexpired) is registered under that name; every membership test
# against null fails, so a missing reference value never raises a claim to "affirming".
#
# Value meanings (draft-ietf-rats-ar4si):
#   executables   3 approved boot-time, 4 (TDX) RTMRs approved without a kernel event check,
#                 33 unrecognized run-time
#   hardware      2 genuine, 97 unrecognized
#   configuration 2 approved, 3 no known vulnerabilities, 36 elements unavailable
#   all others    0 no claim
# Anything that matches no platform rule keeps the defaults and ends up contraindicated.

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

rv(name) := query_reference_value(name)

# ---------------------------------------------------------------------------------------------
# Claim values. Each platform contributes through predicates defined further down; a platform
# whose claims are absent from the input contributes nothing.

executables := 3 if sample_boot_approved

executables := 3 if snp_boot_approved

executables := 3 if {
	tdx_rtmrs_approved
	tdx_kernel_event_approved
	tdx_cmdline_event_approved
} else := 4 if {
	# Boot chains that do not log the kernel through TDVF (for instance grub on GKE).
	tdx_rtmrs_approved
}

executables := 3 if azure_snp_boot_approved

executables := 3 if azure_tdx_boot_approved

executables := 3 if tpm_boot_approved

executables := 3 if ibm_se_verified

hardware := 2 if sample_platform_approved

hardware := 2 if snp_firmware_approved

hardware := 2 if tdx_platform_approved

hardware := 2 if azure_snp_firmware_approved

hardware := 2 if azure_tdx_platform_approved

# The TPM verifier authenticates the quote; trust in the AK itself is judged in executables.
hardware := 2 if input.tpm

hardware := 2 if ibm_se_verified

configuration := 2 if sample_config_approved

configuration := 2 if {
	snp_policy_safe
	snp_platform_config_matches
} else := 3 if {
	snp_policy_safe
}

configuration := 2 if tdx_config_approved

configuration := 2 if azure_snp_config_approved

configuration := 2 if azure_tdx_config_approved

# A bare TPM reports no configuration the verifier could judge.
configuration := 0 if input.tpm

configuration := 2 if ibm_se_verified

# ---------------------------------------------------------------------------------------------
# sample: a test TEE that proves nothing. The verifier is disabled unless explicitly allowed.

sample_boot_approved if {
	input.sample
	input.sample.launch_digest in rv("launch_digest")
}

sample_platform_approved if {
	input.sample
	input.sample.svn in rv("svn")
	input.sample.platform_version.major == rv("major_version")
	input.sample.platform_version.minor >= rv("minimum_minor_version")
}

sample_config_approved if {
	input.sample
	input.sample.debug == false
}

# ---------------------------------------------------------------------------------------------
# AMD SEV-SNP

snp_boot_approved if {
	input.snp
	input.snp.measurement in rv("snp_launch_measurement")
}

snp_firmware_approved if {
	input.snp
	input.snp.reported_tcb_bootloader in rv("snp_bootloader")
	input.snp.reported_tcb_microcode in rv("snp_microcode")
	input.snp.reported_tcb_snp in rv("snp_snp_svn")
	input.snp.reported_tcb_tee in rv("snp_tee_svn")
}

# Guest policy bits that must be off whatever the platform.
snp_policy_safe if {
	input.snp
	input.snp.policy_debug_allowed == false
	input.snp.policy_migrate_ma == false
}

snp_platform_config_matches if {
	input.snp.platform_smt_enabled == rv("snp_smt_enabled")
	input.snp.platform_tsme_enabled == rv("snp_tsme_enabled")
	input.snp.policy_abi_major == rv("snp_guest_abi_major")
	input.snp.policy_abi_minor == rv("snp_guest_abi_minor")
	input.snp.policy_single_socket == rv("snp_single_socket")
	input.snp.policy_smt_allowed == rv("snp_smt_allowed")
}

# ---------------------------------------------------------------------------------------------
# Intel TDX

tdx_rtmrs_approved if {
	input.tdx
	input.tdx.quote.body.rtmr_1 in rv("rtmr_1")
	input.tdx.quote.body.rtmr_2 in rv("rtmr_2")
}

tdx_kernel_event_approved if {
	event := input.tdx.uefi_event_logs[_]
	event.type_name == "EV_EFI_BOOT_SERVICES_APPLICATION"
	"File(kernel)" in event.details.device_paths
	event.digests[_].digest == rv("tdvfkernel")
}

tdx_cmdline_event_approved if {
	event := input.tdx.uefi_event_logs[_]
	event.type_name == "EV_EVENT_TAG"
	event.details.string == "LOADED_IMAGE::LoadOptions"
	event.digests[_].digest == rv("tdvfkernelparams")
}

# A TDX quote (tee_type 0x81) from Intel's quoting enclave, an approved TDVF, an up-to-date TCB
# and collateral that had not expired.
tdx_platform_approved if {
	input.tdx
	tdx_genuine_quote(input.tdx.quote.header)
	input.tdx.quote.body.mr_td in rv("mr_td")
	input.tdx.tcb_status == "UpToDate"
	input.tdx.collateral_expiration_status == "0"
}

tdx_genuine_quote(header) if {
	header.tee_type == "81000000"
	header.vendor_id == "939a7233f79c4ca9940a0db3957f0607"
}

tdx_config_approved if {
	input.tdx
	input.tdx.td_attributes.debug == false
	input.tdx.quote.body.xfam in rv("xfam")
}

# ---------------------------------------------------------------------------------------------
# Azure confidential VMs with a vTPM. The Azure verifiers report SNP values as strings, so the
# reference values must be strings too.

azure_snp_boot_approved if {
	input["az-snp-vtpm"].measurement in rv("measurement")
	input["az-snp-vtpm"].tpm.pcr11 in rv("snp_pcr11")
}

azure_snp_firmware_approved if {
	claims := input["az-snp-vtpm"]
	claims.reported_tcb_bootloader in rv("tcb_bootloader")
	claims.reported_tcb_microcode in rv("tcb_microcode")
	claims.reported_tcb_snp in rv("tcb_snp")
	claims.reported_tcb_tee in rv("tcb_tee")
}

azure_snp_config_approved if {
	claims := input["az-snp-vtpm"]
	claims.platform_smt_enabled in rv("smt_enabled")
	claims.platform_tsme_enabled in rv("tsme_enabled")
	claims.policy_abi_major in rv("abi_major")
	claims.policy_abi_minor in rv("abi_minor")
	claims.policy_single_socket in rv("single_socket")
	claims.policy_smt_allowed in rv("smt_allowed")
}

azure_tdx_boot_approved if {
	input["az-tdx-vtpm"].tpm.pcr11 in rv("tdx_pcr11")
}

azure_tdx_platform_approved if {
	claims := input["az-tdx-vtpm"]
	tdx_genuine_quote(claims.quote.header)
	claims.quote.body.mr_td in rv("mr_td")
	claims.tcb_status == "UpToDate"
}

azure_tdx_config_approved if {
	input["az-tdx-vtpm"].quote.body.xfam in rv("xfam")
}

# ---------------------------------------------------------------------------------------------
# Plain TPM: the attestation key is trusted only when registered as a reference value.

tpm_boot_approved if {
	input.tpm
	input.tpm.pcr11 in rv("tpm_pcr11")
	input.tpm.ak_public in rv("trusted_aks")
}

# ---------------------------------------------------------------------------------------------
# IBM Secure Execution: the verifier checks the measurement, signatures and user-data binding
# itself, so the presence of its claims is the whole appraisal.

ibm_se_verified if input.se

# ---------------------------------------------------------------------------------------------
# Extension "ear.trustee.identifiers" (key -18): workload identifiers bound through init data,
# taken from the Kata agent policy's policy_data.

extensions := [{
	"name": "ear.trustee.identifiers",
	"key": -18,
	"value": {"validated": workload_identifiers},
}]

workload_identifiers := object.union(image_identifiers, uid_identifiers)

agent_container_images := [image |
	container := input.init_data_claims.agent_policy_claims.containers[_]
	image := container.OCI.Annotations["io.kubernetes.cri.image-name"]
]

agent_container_uids := [uid |
	container := input.init_data_claims.agent_policy_claims.containers[_]
	uid := container.OCI.Process.User.UID
]

image_identifiers := {"container_images": agent_container_images} if {
	count(agent_container_images) > 0
} else := {}

uid_identifiers := {"container_uids": agent_container_uids} if {
	count(agent_container_uids) > 0
} else := {}
