/**
 * The {@code tpm} attester and a plain-Java TPM 2.0 command client.
 *
 * <p>Public API: {@link dev.claviger.agent.tpm.TpmAttester} (detection, evidence, PCR 8 init-data
 * binding, runtime measurements), {@link dev.claviger.agent.tpm.Tpm} (Startup, GetRandom,
 * CreatePrimary, Create, Load, EvictControl, ReadPublic, PCR_Read, PCR_Extend, Quote,
 * FlushContext), {@link dev.claviger.agent.tpm.TpmTcti} (device or swtpm endpoint) and the
 * result records. Marshalling, transports and response-code names are in {@code internal}.
 * See {@code docs/tpm-attester.md}.
 */
package dev.claviger.agent.tpm;
