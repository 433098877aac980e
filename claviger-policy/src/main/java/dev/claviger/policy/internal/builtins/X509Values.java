package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Renders certificates as the JSON of Go's x509.Certificate (the shape OPA returns): byte fields
 * in base64, enums as Go's integer constants, names as pkix.Name. Only the commonly used fields
 * are produced (listed in package-info).
 */
final class X509Values {
  private static final Map<String, Integer> SIGNATURE_ALGORITHMS = Map.ofEntries(
      Map.entry("1.2.840.113549.1.1.4", 2), Map.entry("1.2.840.113549.1.1.5", 3),
      Map.entry("1.2.840.113549.1.1.11", 4), Map.entry("1.2.840.113549.1.1.12", 5),
      Map.entry("1.2.840.113549.1.1.13", 6), Map.entry("1.2.840.10040.4.3", 7),
      Map.entry("2.16.840.1.101.3.4.3.2", 8), Map.entry("1.2.840.10045.4.1", 9),
      Map.entry("1.2.840.10045.4.3.2", 10), Map.entry("1.2.840.10045.4.3.3", 11),
      Map.entry("1.2.840.10045.4.3.4", 12), Map.entry("1.2.840.113549.1.1.10", 13),
      Map.entry("1.3.101.112", 16));
  private static final Map<String, Integer> EXT_KEY_USAGES = Map.ofEntries(
      Map.entry("2.5.29.37.0", 0), Map.entry("1.3.6.1.5.5.7.3.1", 1), Map.entry("1.3.6.1.5.5.7.3.2", 2),
      Map.entry("1.3.6.1.5.5.7.3.3", 3), Map.entry("1.3.6.1.5.5.7.3.4", 4), Map.entry("1.3.6.1.5.5.7.3.5", 5),
      Map.entry("1.3.6.1.5.5.7.3.6", 6), Map.entry("1.3.6.1.5.5.7.3.7", 7), Map.entry("1.3.6.1.5.5.7.3.8", 8),
      Map.entry("1.3.6.1.5.5.7.3.9", 9), Map.entry("1.3.6.1.4.1.311.10.3.3", 10),
      Map.entry("2.16.840.1.113730.4.1", 11), Map.entry("1.3.6.1.4.1.311.2.1.22", 12),
      Map.entry("1.3.6.1.4.1.311.61.1.1", 13));
  private static final Map<String, String> NAME_FIELDS = Map.of(
      "2.5.4.6", "Country", "2.5.4.10", "Organization", "2.5.4.11", "OrganizationalUnit",
      "2.5.4.7", "Locality", "2.5.4.8", "Province", "2.5.4.9", "StreetAddress", "2.5.4.17", "PostalCode");

  private X509Values() {}

  static String b64(byte[] b) {
    return b == null ? null : Base64.getEncoder().encodeToString(b);
  }

  private static void put(TreeMap<Value, Value> m, String key, Value v) {
    m.put(Value.str(key), v == null ? Value.NULL : v);
  }

  private static Value strings(List<String> items) {
    return items.isEmpty() ? Value.NULL : Value.array(Args.strValues(items));
  }

  static Value oid(String dotted) {
    List<Value> parts = new ArrayList<>();
    for (String p : dotted.split("\\.")) {
      parts.add(Num.of(Long.parseLong(p)));
    }
    return Value.array(parts);
  }

  static Value certificate(X509Certificate c) throws CertificateParsingException {
    TreeMap<Value, Value> m = new TreeMap<>();
    try {
      put(m, "Raw", Value.str(b64(c.getEncoded())));
      put(m, "RawTBSCertificate", Value.str(b64(c.getTBSCertificate())));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new CertificateParsingException(e);
    }
    put(m, "RawSubjectPublicKeyInfo", Value.str(b64(c.getPublicKey().getEncoded())));
    put(m, "RawSubject", Value.str(b64(c.getSubjectX500Principal().getEncoded())));
    put(m, "RawIssuer", Value.str(b64(c.getIssuerX500Principal().getEncoded())));
    put(m, "Signature", Value.str(b64(c.getSignature())));
    put(m, "SignatureAlgorithm", Num.of(SIGNATURE_ALGORITHMS.getOrDefault(c.getSigAlgOID(), 0)));
    put(m, "PublicKeyAlgorithm", Num.of(publicKeyAlgorithm(c.getPublicKey())));
    put(m, "PublicKey", publicKey(c.getPublicKey()));
    put(m, "Version", Num.of(c.getVersion()));
    put(m, "SerialNumber", Num.of(c.getSerialNumber()));
    put(m, "Issuer", name(c.getIssuerX500Principal().getEncoded()));
    put(m, "Subject", name(c.getSubjectX500Principal().getEncoded()));
    put(m, "NotBefore", Value.str(rfc3339(c.getNotBefore().toInstant())));
    put(m, "NotAfter", Value.str(rfc3339(c.getNotAfter().toInstant())));
    put(m, "KeyUsage", Num.of(keyUsage(c.getKeyUsage())));
    extensions(c, m);
    return Value.ownObject(m);
  }

  static String rfc3339(Instant t) {
    return Time.rfc3339AutoDigits(t.atZone(ZoneOffset.UTC));
  }

  static int publicKeyAlgorithm(PublicKey k) {
    return switch (k.getAlgorithm()) {
      case "RSA" -> 1;
      case "DSA" -> 2;
      case "EC" -> 3;
      case "Ed25519", "EdDSA" -> 4;
      default -> 0;
    };
  }

  static Value publicKey(PublicKey k) {
    TreeMap<Value, Value> m = new TreeMap<>();
    if (k instanceof RSAPublicKey rsa) {
      put(m, "N", Num.of(rsa.getModulus()));
      put(m, "E", Num.of(rsa.getPublicExponent()));
    } else if (k instanceof ECPublicKey ec) {
      put(m, "X", Num.of(ec.getW().getAffineX()));
      put(m, "Y", Num.of(ec.getW().getAffineY()));
    } else {
      return Value.NULL;
    }
    return Value.ownObject(m);
  }

  private static long keyUsage(boolean[] bits) {
    long v = 0;
    for (int i = 0; bits != null && i < bits.length && i < 9; i++) {
      if (bits[i]) {
        v |= 1L << i;
      }
    }
    return v;
  }

  static Value name(byte[] encoded) {
    X500Name n = X500Name.getInstance(encoded);
    TreeMap<String, List<String>> fields = new TreeMap<>();
    NAME_FIELDS.values().forEach(f -> fields.put(f, new ArrayList<>()));
    String cn = "";
    String serial = "";
    List<Value> names = new ArrayList<>();
    for (RDN rdn : n.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        String oid = atv.getType().getId();
        String text = text(atv.getValue());
        TreeMap<Value, Value> entry = new TreeMap<>();
        put(entry, "Type", oid(oid));
        put(entry, "Value", Value.str(text));
        names.add(Value.ownObject(entry));
        if (oid.equals("2.5.4.3")) {
          cn = text;
        } else if (oid.equals("2.5.4.5")) {
          serial = text;
        } else if (NAME_FIELDS.containsKey(oid)) {
          fields.get(NAME_FIELDS.get(oid)).add(text);
        }
      }
    }
    TreeMap<Value, Value> m = new TreeMap<>();
    fields.forEach((k, v) -> put(m, k, strings(v)));
    put(m, "CommonName", Value.str(cn));
    put(m, "SerialNumber", Value.str(serial));
    put(m, "Names", names.isEmpty() ? Value.NULL : Value.array(names));
    put(m, "ExtraNames", Value.NULL);
    return Value.ownObject(m);
  }

  private static String text(ASN1Encodable v) {
    return v instanceof ASN1String s ? s.getString() : v.toASN1Primitive().toString();
  }

  private static void extensions(X509Certificate c, TreeMap<Value, Value> m) throws CertificateParsingException {
    List<Value> exts = new ArrayList<>();
    collectExtensions(c, c.getCriticalExtensionOIDs(), true, exts);
    collectExtensions(c, c.getNonCriticalExtensionOIDs(), false, exts);
    put(m, "Extensions", exts.isEmpty() ? Value.NULL : Value.array(exts));
    int pathLen = c.getBasicConstraints();
    boolean hasBasic = c.getExtensionValue("2.5.29.19") != null;
    put(m, "BasicConstraintsValid", Value.bool(hasBasic));
    put(m, "IsCA", Value.bool(pathLen >= 0));
    put(m, "MaxPathLen", Num.of(!hasBasic ? 0 : pathLen == Integer.MAX_VALUE ? -1 : Math.max(pathLen, -1)));
    put(m, "MaxPathLenZero", Value.bool(pathLen == 0));
    List<Value> eku = new ArrayList<>();
    List<Value> unknown = new ArrayList<>();
    List<String> ekuOids = c.getExtendedKeyUsage();
    for (String o : ekuOids == null ? List.<String>of() : ekuOids) {
      Integer known = EXT_KEY_USAGES.get(o);
      if (known != null) {
        eku.add(Num.of(known));
      } else {
        unknown.add(oid(o));
      }
    }
    put(m, "ExtKeyUsage", eku.isEmpty() ? Value.NULL : Value.array(eku));
    put(m, "UnknownExtKeyUsage", unknown.isEmpty() ? Value.NULL : Value.array(unknown));
    put(m, "SubjectKeyId", keyId(c.getExtensionValue("2.5.29.14"), true));
    put(m, "AuthorityKeyId", keyId(c.getExtensionValue("2.5.29.35"), false));
    subjectAltNames(c.getSubjectAlternativeNames(), m);
  }

  private static void collectExtensions(X509Certificate c, java.util.Set<String> oids, boolean critical, List<Value> out) {
    for (String o : oids == null ? java.util.Set.<String>of() : new java.util.TreeSet<>(oids)) {
      TreeMap<Value, Value> e = new TreeMap<>();
      put(e, "Id", oid(o));
      put(e, "Critical", Value.bool(critical));
      put(e, "Value", Value.str(b64(ASN1OctetString.getInstance(c.getExtensionValue(o)).getOctets())));
      out.add(Value.ownObject(e));
    }
  }

  private static Value keyId(byte[] ext, boolean subject) {
    if (ext == null) {
      return Value.NULL;
    }
    try {
      ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      byte[] id = subject ? SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier()
          : AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier();
      return id == null ? Value.NULL : Value.str(b64(id));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Value.NULL;
    }
  }

  /** Go splits subjectAltName into DNSNames, EmailAddresses, IPAddresses and URIs. */
  static void subjectAltNames(Collection<List<?>> sans, TreeMap<Value, Value> m) {
    List<String> dns = new ArrayList<>();
    List<String> email = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
      Object v = san.get(1);
      switch ((Integer) san.get(0)) {
        case 1 -> email.add(String.valueOf(v));
        case 2 -> dns.add(String.valueOf(v));
        case 6 -> uris.add(String.valueOf(v));
        case 7 -> ips.add(normaliseIp(String.valueOf(v)));
        default -> { }
      }
    }
    put(m, "DNSNames", strings(dns));
    put(m, "EmailAddresses", strings(email));
    put(m, "IPAddresses", strings(ips));
    put(m, "URIStrings", strings(uris));
  }

  private static String normaliseIp(String ip) {
    java.math.BigInteger bits = IpNet.parseIpBits(ip);
    return bits == null ? ip : IpNet.format(bits, ip.indexOf(':') >= 0 ? 128 : 32);
  }
}
