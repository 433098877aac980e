package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.internal.Certs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away AMD-shaped PKI for one generation (ARK → ASK/ASVK → VCEK/VLEK, RSASSA-PSS like
 * AMD's), and reports signed with its keys, to exercise what the corpus cannot: Turin reports,
 * VLEKs, CRLs, policy and VMPL checks. Nothing here is special-cased by the verifier.
 */
final class TestAmdPki {
  static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final String ARC = "1.3.6.1.4.1.3704.1.";

  final ProcessorGeneration gen;
  final KeyPair arkKeys = rsa();
  final KeyPair askKeys = rsa();
  final KeyPair asvkKeys = rsa();
  final X509Certificate ark;
  final X509Certificate ask;
  final X509Certificate asvk;

  TestAmdPki(ProcessorGeneration gen) throws Exception {
    this.gen = gen;
    String p = gen.productName();
    ark = cert(name("ARK-" + p), name("ARK-" + p), arkKeys, arkKeys.getPrivate(), true, NOT_BEFORE, 1);
    ask = cert(name("SEV-" + p), name("ARK-" + p), askKeys, arkKeys.getPrivate(), true, NOT_BEFORE, 2);
    asvk = cert(name("SEV-VLEK-" + p), name("ARK-" + p), asvkKeys, arkKeys.getPrivate(), true, NOT_BEFORE, 3);
  }

  AmdTrustAnchors anchors(X509CRL... crls) throws EvidenceException {
    return AmdTrustAnchors.of(List.of(ark, ask, asvk), List.of(crls), Set.of(Certs.sha256(ark)));
  }

  /** An endorsement key and its certificate. */
  record Vek(KeyPair keys, X509Certificate cert) {}

  /** A VCEK for {@code tcb} and {@code chipId} (hwID written raw, or DER-wrapped). */
  Vek vcek(long tcb, byte[] chipId, boolean wrapHwId) throws Exception {
    KeyPair k = ec();
    X509v3CertificateBuilder b = builder(name("SEV-VCEK"), name("SEV-" + gen.productName()), k, NOT_BEFORE, 10);
    splExtensions(b, tcb);
    byte[] hw = Arrays.copyOf(chipId, gen.hwIdLength());
    b.addExtension(new ASN1ObjectIdentifier(ARC + "4"), false,
        wrapHwId ? new DEROctetString(hw).getEncoded() : hw);
    return new Vek(k, sign(b, askKeys.getPrivate()));
  }

  Vek vlek(long tcb) throws Exception {
    KeyPair k = ec();
    X509v3CertificateBuilder b = builder(name("SEV-VLEK"), name("SEV-VLEK-" + gen.productName()), k, NOT_BEFORE, 11);
    splExtensions(b, tcb);
    return new Vek(k, sign(b, asvkKeys.getPrivate()));
  }

  /** A CRL of the ARK valid around {@link #AT}, revoking the given serials. */
  X509CRL crl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) throws Exception {
    X509v2CRLBuilder b = new X509v2CRLBuilder(name("ARK-" + gen.productName()), Date.from(thisUpdate));
    b.setNextUpdate(Date.from(nextUpdate));
    for (BigInteger serial : revoked) {
      b.addCRLEntry(serial, Date.from(thisUpdate), 0);
    }
    return new JcaX509CRLConverter().getCRL(b.build(pss(arkKeys.getPrivate())));
  }

  private void splExtensions(X509v3CertificateBuilder b, long tcb) throws Exception {
    TcbVersion t = TcbVersion.decode(tcb, gen);
    b.addExtension(new ASN1ObjectIdentifier(ARC + "1"), false, new ASN1Integer(gen == ProcessorGeneration.TURIN ? 1 : 0));
    b.addExtension(new ASN1ObjectIdentifier(ARC + "2"), false,
        new DERIA5String(gen == ProcessorGeneration.MILAN ? "Milan-B0" : gen.productName()));
    b.addExtension(new ASN1ObjectIdentifier(ARC + "3.1"), false, new ASN1Integer(t.bootloader()));
    b.addExtension(new ASN1ObjectIdentifier(ARC + "3.2"), false, new ASN1Integer(t.tee()));
    b.addExtension(new ASN1ObjectIdentifier(ARC + "3.3"), false, new ASN1Integer(t.snp()));
    b.addExtension(new ASN1ObjectIdentifier(ARC + "3.8"), false, new ASN1Integer(t.microcode()));
    if (t.fmc().isPresent()) {
      b.addExtension(new ASN1ObjectIdentifier(ARC + "3.9"), false, new ASN1Integer(t.fmc().getAsInt()));
    }
    // As KDS: the reserved TCB bytes as spl4..spl7 (Turin: spl5..spl7 from bytes 4..6).
    for (int i = gen == ProcessorGeneration.TURIN ? 1 : 0; i < 4; i++) {
      int byteIndex = gen == ProcessorGeneration.TURIN ? 3 + i : 2 + i;
      int v = i == 0 && spl4Override >= 0 ? spl4Override : (int) (tcb >>> (8 * byteIndex)) & 0xFF;
      b.addExtension(new ASN1ObjectIdentifier(ARC + "3." + (4 + i)), false, new ASN1Integer(v));
    }
  }

  /** When set, the next VCEKs carry this spl4 instead of TCB byte 2 (Milan/Genoa). */
  int spl4Override = -1;

  /** Report fields a test sets; the rest are realistic constants. */
  static final class ReportSpec {
    int version = 3;
    int cpuidFamily;
    int cpuidModel;
    long policy = 0x30000L;
    int vmpl;
    int signingKey;
    long reportedTcb;
    byte[] chipId = new byte[64];
    byte[] reportData = new byte[64];
    byte[] hostData = new byte[32];
  }

  ReportSpec spec(long tcb, byte[] chipId) {
    ReportSpec s = new ReportSpec();
    s.cpuidFamily = gen == ProcessorGeneration.TURIN ? 0x1A : 0x19;
    s.cpuidModel = switch (gen) {
      case MILAN -> 0x01;
      case GENOA -> 0x11;
      case TURIN -> 0x02;
    };
    s.reportedTcb = tcb;
    s.chipId = chipId.clone();
    return s;
  }

  /** Builds and signs a report with {@code key}. */
  static byte[] report(ReportSpec s, PrivateKey key) throws Exception {
    byte[] r = new byte[SnpReport.SIZE];
    u64(r, 0x000, s.version);
    u64(r, 0x008, s.policy);
    u64(r, 0x030, s.vmpl);
    u64(r, 0x034, 1);
    u64(r, 0x038, s.reportedTcb);
    u64(r, 0x040, 0x3);
    r[0x48] = (byte) (s.signingKey << 2);
    System.arraycopy(s.reportData, 0, r, 0x050, 64);
    System.arraycopy(s.hostData, 0, r, 0x0C0, 32);
    u64(r, 0x180, s.reportedTcb);
    if (s.version >= 3) {
      r[0x188] = (byte) s.cpuidFamily;
      r[0x189] = (byte) s.cpuidModel;
    }
    System.arraycopy(s.chipId, 0, r, 0x1A0, 64);
    u64(r, 0x1E0, s.reportedTcb);
    u64(r, 0x1F0, s.reportedTcb);
    sign(r, key);
    return r;
  }

  static void sign(byte[] r, PrivateKey key) throws Exception {
    Signature sig = Signature.getInstance("SHA384withECDSA");
    sig.initSign(key);
    sig.update(r, 0, SnpReport.SIGNED_LENGTH);
    ASN1Sequence seq = ASN1Sequence.getInstance(sig.sign());
    littleEndian(ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue(), r, 0x2A0);
    littleEndian(ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue(), r, 0x2E8);
  }

  private static void littleEndian(BigInteger v, byte[] out, int off) {
    Arrays.fill(out, off, off + 72, (byte) 0);
    byte[] be = v.toByteArray();
    for (int i = 0; i < be.length && i < 72; i++) {
      out[off + i] = be[be.length - 1 - i];
    }
  }

  private static void u64(byte[] b, int off, long v) {
    for (int i = 0; i < 8 && off + i < b.length; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  X509Certificate cert(X500Name subject, X500Name issuer, KeyPair subjectKeys, PrivateKey signer,
      boolean ca, Instant notBefore, long serial) throws Exception {
    X509v3CertificateBuilder b = builder(subject, issuer, subjectKeys, notBefore, serial);
    b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
    return sign(b, signer);
  }

  private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair k,
      Instant notBefore, long serial) {
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial), Date.from(notBefore),
        Date.from(notBefore.plus(3650, ChronoUnit.DAYS)), subject, k.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(b.build(pss(signer)));
  }

  private static ContentSigner pss(PrivateKey k) throws Exception {
    return new JcaContentSignerBuilder("SHA384withRSAandMGF1").setProvider(BC).build(k);
  }

  static X500Name name(String cn) {
    return new X500Name("CN=" + cn + ",O=Claviger Test,C=US");
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    return g.generateKeyPair();
  }
}
