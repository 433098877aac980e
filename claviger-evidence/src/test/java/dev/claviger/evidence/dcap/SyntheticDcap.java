package dev.claviger.evidence.dcap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A complete test DCAP world under our own keys: root, PCK Platform CA, PCK leaf (carrying the SGX
 * extension of a real PCK certificate), TCB Signing, and a TDX v4 quote re-signed from a real
 * template. Lets tests exercise revocation and TCB statuses that no real sample shows.
 */
public final class SyntheticDcap {
  static final String EXT = "1.2.840.113741.1.13.1";
  final TestPki.Issued root = TestPki.root("CN=Intel SGX Root CA,O=Test");
  final TestPki.Issued pckCa = TestPki.issue("CN=Intel SGX PCK Platform CA,O=Test", root, true, null, null);
  final TestPki.Issued pck;
  final TestPki.Issued tcbSigning = TestPki.issue("CN=Intel SGX TCB Signing,O=Test", root, false, null, null);
  final KeyPair attKey = TestPki.p256();
  final byte[] template;

  SyntheticDcap(byte[] templateQuote) throws Exception {
    this.template = templateQuote;
    Quote q = QuoteParser.parse(templateQuote);
    X509Certificate realLeaf = dev.claviger.evidence.dcap.internal.Pem.certificates(q.qe().pckChainPem()).get(0);
    ASN1Primitive ext = ASN1Primitive.fromByteArray(
        ASN1OctetString.getInstance(realLeaf.getExtensionValue(EXT)).getOctets());
    pck = TestPki.issue("CN=Intel SGX PCK Certificate,O=Test", pckCa, false, EXT, ext);
  }

  TrustAnchors anchors() {
    return TrustAnchors.of(List.of(root.cert()), List.of());
  }

  /** A v4 TDX quote with the template's header and body, signed by our keys. */
  byte[] quote() throws Exception {
    Quote q = QuoteParser.parse(template);
    byte[] signed = q.signedRegion();
    byte[] att = rawKey((ECPublicKey) attKey.getPublic());
    byte[] auth = q.qe().authData();
    byte[] qeReport = q.qe().qeReport().bytes();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(att);
    sha.update(auth);
    System.arraycopy(Arrays.copyOf(sha.digest(), 64), 0, qeReport, 320, 64);
    byte[] pem = (pem(pck.cert()) + pem(pckCa.cert()) + pem(root.cert())).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.write(qeReport);
    inner.write(sign(pck.key().getPrivate(), qeReport));
    inner.write(le16(auth.length));
    inner.write(auth);
    inner.write(le16(5));
    inner.write(le32(pem.length));
    inner.write(pem);
    ByteArrayOutputStream sig = new ByteArrayOutputStream();
    sig.write(sign(attKey.getPrivate(), signed));
    sig.write(att);
    sig.write(le16(6));
    sig.write(le32(inner.size()));
    sig.write(inner.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(signed);
    out.write(le32(sig.size()));
    out.write(sig.toByteArray());
    return out.toByteArray();
  }

  /** A dcap-qvl style collateral bundle: the given TCB Info / QE Identity JSON signed by our key. */
  byte[] bundle(String tcbInfo, String qeIdentity, X509CRL rootCrl, X509CRL pckCrl) throws Exception {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    String chain = pem(tcbSigning.cert()) + pem(root.cert());
    n.put("tcb_info_issuer_chain", chain);
    n.put("qe_identity_issuer_chain", chain);
    n.put("pck_crl_issuer_chain", pem(pckCa.cert()) + pem(root.cert()));
    n.put("tcb_info", tcbInfo);
    n.put("tcb_info_signature", Hex.encode(sign(tcbSigning.key().getPrivate(), tcbInfo.getBytes(StandardCharsets.UTF_8))));
    n.put("qe_identity", qeIdentity);
    n.put("qe_identity_signature", Hex.encode(sign(tcbSigning.key().getPrivate(), qeIdentity.getBytes(StandardCharsets.UTF_8))));
    if (rootCrl != null) {
      n.put("root_ca_crl", Hex.encode(rootCrl.getEncoded()));
    }
    if (pckCrl != null) {
      n.put("pck_crl", Hex.encode(pckCrl.getEncoded()));
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  X509CRL rootCrl(X509Certificate... revoked) {
    return TestPki.crl(root, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), revoked);
  }

  X509CRL pckCrl(X509Certificate... revoked) {
    return TestPki.crl(pckCa, Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), revoked);
  }

  static byte[] sign(PrivateKey k, byte[] data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(k);
    s.update(data);
    ASN1Sequence seq = ASN1Sequence.getInstance(s.sign());
    byte[] out = new byte[64];
    put(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), out, 0);
    put(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), out, 32);
    return out;
  }

  static byte[] rawKey(ECPublicKey k) {
    byte[] out = new byte[64];
    put(k.getW().getAffineX(), out, 0);
    put(k.getW().getAffineY(), out, 32);
    return out;
  }

  private static void put(BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, off + 32 - len, len);
  }

  static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static byte[] le16(int v) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
