package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Chain verification with Go-style x509.VerifyOptions (DNSName, CurrentTime, KeyUsages). */
final class VerifyOptions {
  static final String ANY = "2.5.29.37.0";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final Map<String, String> USAGES = Map.ofEntries(
      Map.entry("KeyUsageAny", ANY), Map.entry("KeyUsageServerAuth", SERVER_AUTH),
      Map.entry("KeyUsageClientAuth", "1.3.6.1.5.5.7.3.2"), Map.entry("KeyUsageCodeSigning", "1.3.6.1.5.5.7.3.3"),
      Map.entry("KeyUsageEmailProtection", "1.3.6.1.5.5.7.3.4"), Map.entry("KeyUsageIPSECEndSystem", "1.3.6.1.5.5.7.3.5"),
      Map.entry("KeyUsageIPSECTunnel", "1.3.6.1.5.5.7.3.6"), Map.entry("KeyUsageIPSECUser", "1.3.6.1.5.5.7.3.7"),
      Map.entry("KeyUsageTimeStamping", "1.3.6.1.5.5.7.3.8"), Map.entry("KeyUsageOCSPSigning", "1.3.6.1.5.5.7.3.9"),
      Map.entry("KeyUsageMicrosoftServerGatedCrypto", "1.3.6.1.4.1.311.10.3.3"),
      Map.entry("KeyUsageNetscapeServerGatedCrypto", "2.16.840.1.113730.4.1"),
      Map.entry("KeyUsageMicrosoftCommercialCodeSigning", "1.3.6.1.4.1.311.2.1.22"),
      Map.entry("KeyUsageMicrosoftKernelCodeSigning", "1.3.6.1.4.1.311.61.1.1"));

  private VerifyOptions() {}

  static boolean verify(List<X509Certificate> certs, Value.Obj opts, BuiltinContext ctx) throws BuiltinError {
    String fn = "crypto.x509.parse_and_verify_certificates_with_options";
    long nowNs = ctx.nowNanos();
    String dns = null;
    Set<String> usages = Set.of(SERVER_AUTH);
    for (Map.Entry<Value, Value> e : opts.map().entrySet()) {
      String key = e.getKey() instanceof Value.Str s ? s.value() : "";
      switch (key) {
        case "DNSName" -> dns = Args.str(fn, new Value[] {e.getValue()}, 0);
        case "CurrentTime" -> nowNs = Args.integer(fn, new Value[] {e.getValue()}, 0);
        case "MaxConstraintComparisons" -> Args.num(fn, new Value[] {e.getValue()}, 0);
        case "KeyUsages" -> {
          usages = new HashSet<>();
          for (String u : Args.strings(fn, new Value[] {e.getValue()}, 0)) {
            String oid = USAGES.get(u);
            if (oid == null) {
              throw new BuiltinError("`" + fn + "`: unknown key usage " + u);
            }
            usages.add(oid);
          }
        }
        default -> throw new BuiltinError("`" + fn + "`: unknown option " + e.getKey());
      }
    }
    return verify(certs, new Date(Math.floorDiv(nowNs, 1_000_000L)), usages, dns);
  }

  static boolean verify(List<X509Certificate> certs, Date at, Set<String> usages, String dnsName) {
    if (certs.size() < 2) {
      return false;
    }
    try {
      X509Certificate root = certs.get(certs.size() - 1);
      root.verify(root.getPublicKey());
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      params.setRevocationEnabled(false);
      params.setDate(at);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(certs.subList(0, certs.size() - 1)), params);
      X509Certificate leaf = certs.get(0);
      return usageAllowed(leaf.getExtendedKeyUsage(), usages) && (dnsName == null || hostMatches(leaf, dnsName));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean usageAllowed(List<String> leafEku, Set<String> wanted) {
    if (leafEku == null || wanted.contains(ANY) || leafEku.contains(ANY)) {
      return true;
    }
    return wanted.stream().anyMatch(leafEku::contains);
  }

  /** Go's VerifyHostname: IP literals against IP SANs, names against DNS SANs with one-label wildcards. */
  static boolean hostMatches(X509Certificate leaf, String host) throws CertificateParsingException {
    Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
    if (sans == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    java.math.BigInteger ip = IpNet.parseIpBits(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
    for (List<?> san : sans) {
      String v = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
      int type = (Integer) san.get(0);
      if (ip != null && type == 7 && ip.equals(IpNet.parseIpBits(v))) {
        return true;
      }
      if (ip == null && type == 2 && dnsMatches(v, h)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String host) {
    String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!p.startsWith("*.")) {
      return p.equals(h);
    }
    int dot = h.indexOf('.');
    return dot > 0 && h.substring(dot).equals(p.substring(1));
  }
}
