package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** crypto.x509.parse_certificate_request: a PKCS#10 request as Go's x509.CertificateRequest JSON. */
final class CertRequests {
  private static final String FN = "crypto.x509.parse_certificate_request";

  private CertRequests() {}

  static Value parse(String input) throws BuiltinError {
    byte[] der = der(Crypto.pemOrDer(FN, input));
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(der);
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
        throw new BuiltinError("`" + FN + "`: invalid signature on certificate request");
      }
      TreeMap<Value, Value> m = new TreeMap<>();
      put(m, "Raw", X509Values.b64(der));
      put(m, "RawTBSCertificateRequest", X509Values.b64(csr.toASN1Structure().getCertificationRequestInfo().getEncoded()));
      put(m, "RawSubjectPublicKeyInfo", X509Values.b64(csr.getSubjectPublicKeyInfo().getEncoded()));
      put(m, "RawSubject", X509Values.b64(csr.getSubject().getEncoded()));
      m.put(Value.str("Version"), Num.of(0));
      put(m, "Signature", X509Values.b64(csr.getSignature()));
      m.put(Value.str("PublicKeyAlgorithm"), Num.of(X509Values.publicKeyAlgorithm(key)));
      m.put(Value.str("PublicKey"), X509Values.publicKey(key));
      m.put(Value.str("Subject"), X509Values.name(csr.getSubject().getEncoded()));
      sans(csr, m);
      return Value.ownObject(m);
    } catch (IOException | java.security.GeneralSecurityException | OperatorCreationException | PKCSException
             | IllegalArgumentException e) {
      throw new BuiltinError("`" + FN + "`: failed to parse certificate request: " + e.getMessage());
    }
  }

  private static void put(TreeMap<Value, Value> m, String k, String v) {
    m.put(Value.str(k), Value.str(v));
  }

  private static byte[] der(byte[] data) throws BuiltinError {
    String text = new String(data, StandardCharsets.UTF_8);
    if (!text.trim().startsWith("-----BEGIN")) {
      return data;
    }
    try (PemReader r = new PemReader(new java.io.StringReader(text))) {
      PemObject o = r.readPemObject();
      if (o == null) {
        throw new BuiltinError("`" + FN + "`: no PEM block found");
      }
      return o.getContent();
    } catch (IOException e) {
      throw new BuiltinError("`" + FN + "`: invalid PEM: " + e.getMessage());
    }
  }

  private static void sans(JcaPKCS10CertificationRequest csr, TreeMap<Value, Value> m) {
    List<List<?>> out = new ArrayList<>();
    for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions exts = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
      for (GeneralName g : names == null ? new GeneralName[0] : names.getNames()) {
        Object v = switch (g.getTagNo()) {
          case GeneralName.iPAddress -> ipText(org.bouncycastle.asn1.ASN1OctetString.getInstance(g.getName()).getOctets());
          default -> g.getName().toString();
        };
        out.add(List.of(g.getTagNo(), v));
      }
    }
    X509Values.subjectAltNames(out, m);
  }

  private static String ipText(byte[] b) {
    return IpNet.format(new java.math.BigInteger(1, b), b.length == 4 ? 32 : 128);
  }
}
