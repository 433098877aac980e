/**
 * Measured-boot event logs: TCG PC Client logs (legacy SHA-1 and crypto-agile) with replay,
 * the TCG Canonical Event Log (TLV), and {@link dev.claviger.evidence.eventlog.MeasuredBoot},
 * which checks a log against quoted PCRs and turns the verified events into claims.
 */
package dev.claviger.evidence.eventlog;
