package dev.claviger.evidence.snp.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The AMD extensions of a VCEK/VLEK (OID arc 1.3.6.1.4.1.3704.1): {@code .2} productName
 * (IA5String), {@code .3.1} blSPL, {@code .3.2} teeSPL, {@code .3.3} snpSPL, {@code .3.8}
 * ucodeSPL, {@code .3.9} fmcSPL (Turin) as INTEGERs, {@code .4} hwID. KDS writes hwID as the raw
 * chip id bytes, not as a DER OCTET STRING; a wrapped form is accepted too, as upstream does.
 */
public record VekExtensions(Optional<String> productName, int blSpl, int teeSpl, int snpSpl,
    int ucodeSpl, OptionalInt fmcSpl, int[] spl4to7, Optional<byte[]> hwId) {

  static final String ARC = "1.3.6.1.4.1.3704.1.";

  public VekExtensions {
    hwId = hwId.map(byte[]::clone);
    spl4to7 = spl4to7.clone();
  }

  /** spl4..spl7 ({@code .3.4}–{@code .3.7}); -1 where the certificate has no such extension. */
  @Override
  public int[] spl4to7() {
    return spl4to7.clone();
  }

  @Override
  public Optional<byte[]> hwId() {
    return hwId.map(byte[]::clone);
  }

  /**
   * Reads the extensions; the four SPLs are required.
   *
   * @throws IOException an SPL is missing, or an extension is malformed
   */
  public static VekExtensions of(X509Certificate vek) throws IOException {
    Optional<byte[]> product = raw(vek, ARC + "2");
    Optional<String> name = Optional.empty();
    if (product.isPresent()) {
      ASN1Primitive p = parse(product.get());
      if (!(p instanceof ASN1String s)) {
        throw new IOException("productName is not a string");
      }
      name = Optional.of(s.getString());
    }
    OptionalInt fmc = raw(vek, ARC + "3.9").isPresent()
        ? OptionalInt.of(spl(vek, "3.9")) : OptionalInt.empty();
    int[] reserved = new int[4];
    for (int i = 0; i < 4; i++) {
      String suffix = "3." + (4 + i);
      reserved[i] = raw(vek, ARC + suffix).isPresent() ? spl(vek, suffix) : -1;
    }
    return new VekExtensions(name, spl(vek, "3.1"), spl(vek, "3.2"), spl(vek, "3.3"),
        spl(vek, "3.8"), fmc, reserved, raw(vek, ARC + "4"));
  }

  /** The hwID as {@code length} bytes: raw, or a DER OCTET STRING of that length. */
  public Optional<byte[]> hwId(int length) throws IOException {
    if (hwId.isEmpty()) {
      return Optional.empty();
    }
    byte[] v = hwId.get();
    if (v.length == length) {
      return Optional.of(v.clone());
    }
    ASN1Primitive p = parse(v);
    if (p instanceof ASN1OctetString o && o.getOctets().length == length) {
      return Optional.of(o.getOctets());
    }
    throw new IOException("hwID is neither " + length + " raw bytes nor an OCTET STRING of them");
  }

  private static int spl(X509Certificate c, String suffix) throws IOException {
    byte[] v = raw(c, ARC + suffix).orElseThrow(
        () -> new IOException("VCEK/VLEK has no TCB extension " + ARC + suffix));
    if (!(parse(v) instanceof ASN1Integer i)) {
      throw new IOException("TCB extension " + ARC + suffix + " is not an INTEGER");
    }
    BigInteger b = i.getValue();
    if (b.signum() < 0 || b.bitLength() > 8) {
      throw new IOException("TCB extension " + ARC + suffix + " out of range 0..255");
    }
    return b.intValue();
  }

  /** The extnValue contents (the JDK returns them wrapped in an OCTET STRING). */
  private static Optional<byte[]> raw(X509Certificate c, String oid) throws IOException {
    byte[] wrapped = c.getExtensionValue(oid);
    if (wrapped == null) {
      return Optional.empty();
    }
    if (!(parse(wrapped) instanceof ASN1OctetString o)) {
      throw new IOException("extension " + oid + " is not wrapped in an OCTET STRING");
    }
    return Optional.of(o.getOctets());
  }

  private static ASN1Primitive parse(byte[] der) throws IOException {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (p == null) {
        throw new IOException("empty ASN.1 value");
      }
      return p;
    } catch (IOException | RuntimeException e) {
      throw new IOException("malformed ASN.1 in VCEK/VLEK extension", e);
    }
  }
}
