package dev.claviger.evidence.dcap.internal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): PPID, TCB (16
 * component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type and the platform configuration.
 *
 * @param sgxType 0 standard, 1 scalable, 2 scalable with integrity
 * @param dynamicPlatform configuration flags; empty when the certificate does not carry them
 */
public record PckExtensions(byte[] ppid, int[] tcbComponents, int pceSvn, byte[] cpuSvn,
    byte[] pceId, byte[] fmspc, int sgxType, Optional<byte[]> platformInstanceId,
    Optional<Boolean> dynamicPlatform,
    Optional<Boolean> cachedKeys, Optional<Boolean> smtEnabled) {

  public static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

  public PckExtensions {
    ppid = ppid.clone();
    tcbComponents = tcbComponents.clone();
    cpuSvn = cpuSvn.clone();
    pceId = pceId.clone();
    fmspc = fmspc.clone();
  }

  @Override
  public int[] tcbComponents() {
    return tcbComponents.clone();
  }

  @Override
  public byte[] fmspc() {
    return fmspc.clone();
  }

  @Override
  public byte[] pceId() {
    return pceId.clone();
  }

  @Override
  public byte[] ppid() {
    return ppid.clone();
  }

  @Override
  public byte[] cpuSvn() {
    return cpuSvn.clone();
  }

  /** Reads the extension; throws {@link IOException} when absent or malformed. */
  public static PckExtensions of(X509Certificate leaf) throws IOException {
    byte[] ext = leaf.getExtensionValue(SGX_EXTENSION_OID);
    if (ext == null) {
      throw new IOException("PCK certificate has no SGX extension");
    }
    try {
      ASN1Sequence top = ASN1Sequence.getInstance(
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      Builder b = new Builder();
      for (ASN1Encodable e : top) {
        ASN1Sequence kv = ASN1Sequence.getInstance(e);
        b.top(ASN1ObjectIdentifier.getInstance(kv.getObjectAt(0)).getId(), kv.getObjectAt(1));
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new IOException("malformed SGX extension: " + e.getMessage(), e);
    }
  }

  private static final class Builder {
    byte[] ppid;
    final int[] comps = new int[16];
    int seenComps;
    int pceSvn = -1;
    byte[] cpuSvn;
    byte[] pceId;
    byte[] fmspc;
    int sgxType = -1;
    byte[] instanceId;
    Boolean dynamic;
    Boolean cached;
    Boolean smt;

    void top(String oid, ASN1Encodable v) throws IOException {
      switch (oid) {
        case SGX_EXTENSION_OID + ".1" -> ppid = octets(v, 16);
        case SGX_EXTENSION_OID + ".2" -> tcb(ASN1Sequence.getInstance(v));
        case SGX_EXTENSION_OID + ".3" -> pceId = octets(v, 2);
        case SGX_EXTENSION_OID + ".4" -> fmspc = octets(v, 6);
        case SGX_EXTENSION_OID + ".5" -> sgxType = ASN1Enumerated.getInstance(v).intValueExact();
        case SGX_EXTENSION_OID + ".6" -> instanceId = octets(v, 16);
        case SGX_EXTENSION_OID + ".7" -> config(ASN1Sequence.getInstance(v));
        default -> { } // future fields carry no verdict input
      }
    }

    void tcb(ASN1Sequence seq) throws IOException {
      for (ASN1Encodable e : seq) {
        ASN1Sequence kv = ASN1Sequence.getInstance(e);
        String oid = ASN1ObjectIdentifier.getInstance(kv.getObjectAt(0)).getId();
        String prefix = SGX_EXTENSION_OID + ".2.";
        if (!oid.startsWith(prefix)) {
          throw new IOException("unexpected TCB OID " + oid);
        }
        int idx = Integer.parseInt(oid.substring(prefix.length()));
        if (idx >= 1 && idx <= 16) {
          comps[idx - 1] = svn(kv.getObjectAt(1), 255);
          seenComps |= 1 << (idx - 1);
        } else if (idx == 17) {
          pceSvn = svn(kv.getObjectAt(1), 65535);
        } else if (idx == 18) {
          cpuSvn = octets(kv.getObjectAt(1), 16);
        }
      }
    }

    void config(ASN1Sequence seq) {
      for (ASN1Encodable e : seq) {
        ASN1Sequence kv = ASN1Sequence.getInstance(e);
        String oid = ASN1ObjectIdentifier.getInstance(kv.getObjectAt(0)).getId();
        boolean val = ASN1Boolean.getInstance(kv.getObjectAt(1)).isTrue();
        switch (oid) {
          case SGX_EXTENSION_OID + ".7.1" -> dynamic = val;
          case SGX_EXTENSION_OID + ".7.2" -> cached = val;
          case SGX_EXTENSION_OID + ".7.3" -> smt = val;
          default -> { }
        }
      }
    }

    PckExtensions build() throws IOException {
      if (ppid == null || seenComps != 0xffff || pceSvn < 0 || cpuSvn == null || pceId == null
          || fmspc == null || sgxType < 0) {
        throw new IOException("SGX extension lacks a required field");
      }
      return new PckExtensions(ppid, comps, pceSvn, cpuSvn, pceId, fmspc, sgxType, Optional.ofNullable(instanceId),
          Optional.ofNullable(dynamic), Optional.ofNullable(cached), Optional.ofNullable(smt));
    }

    private static int svn(ASN1Encodable v, int max) throws IOException {
      int x = ASN1Integer.getInstance(v).intValueExact();
      if (x < 0 || x > max) {
        throw new IOException("SVN out of range: " + x);
      }
      return x;
    }

    private static byte[] octets(ASN1Encodable v, int len) throws IOException {
      byte[] b = ASN1OctetString.getInstance(v).getOctets();
      if (b.length != len) {
        throw new IOException("field of " + b.length + " bytes, expected " + len);
      }
      return b;
    }
  }
}
