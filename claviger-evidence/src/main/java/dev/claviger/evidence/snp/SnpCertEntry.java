package dev.claviger.evidence.snp;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the extended-report certificate table as upstream's evidence JSON carries it
 * ({@code {"cert_type":"VCEK","data":[...]}}; the sev crate's {@code CertTableEntry}).
 *
 * @param type the entry type
 * @param otherGuid the GUID for {@link Type#OTHER}, empty otherwise
 * @param data the certificate or CRL bytes (DER or PEM), copied
 */
public record SnpCertEntry(Type type, Optional<String> otherGuid, byte[] data) {
  /** Entry types, named as the sev crate's {@code CertType} serde names. */
  public enum Type { EMPTY, ARK, ASK, VCEK, VLEK, CRL, OTHER }

  public SnpCertEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(otherGuid, "otherGuid");
    data = Objects.requireNonNull(data, "data").clone();
  }

  public static SnpCertEntry of(Type type, byte[] data) {
    return new SnpCertEntry(type, Optional.empty(), data);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public String toString() {
    return "SnpCertEntry[" + type + otherGuid.map(g -> " " + g).orElse("") + ", " + data.length + " bytes]";
  }
}
