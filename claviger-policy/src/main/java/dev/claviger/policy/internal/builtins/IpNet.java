package dev.claviger.policy.internal.builtins;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network (address plus prefix length). Parsing accepts literals only, so no DNS
 * lookup can ever happen.
 */
record IpNet(BigInteger base, int bits, int prefix) {
  static IpNet parseCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return null;
    }
    BigInteger ip = parseIpBits(s.substring(0, slash));
    if (ip == null || !s.substring(slash + 1).matches("\\d{1,3}")) {
      return null;
    }
    int bits = s.indexOf(':') >= 0 ? 128 : 32;
    int prefix = Integer.parseInt(s.substring(slash + 1));
    if (prefix > bits) {
      return null;
    }
    return new IpNet(mask(ip, bits, prefix), bits, prefix);
  }

  /** A CIDR, or a bare address as a full-length network. */
  static IpNet parseCidrOrIp(String s) {
    if (s.indexOf('/') >= 0) {
      return parseCidr(s);
    }
    BigInteger ip = parseIpBits(s);
    int bits = s.indexOf(':') >= 0 ? 128 : 32;
    return ip == null ? null : new IpNet(ip, bits, bits);
  }

  static BigInteger parseIpBits(String s) {
    if (s.indexOf(':') < 0) {
      if (!s.matches("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}")) {
        return null;
      }
      BigInteger v = BigInteger.ZERO;
      for (String part : s.split("\\.")) {
        int octet = Integer.parseInt(part);
        if (octet > 255) {
          return null;
        }
        v = v.shiftLeft(8).or(BigInteger.valueOf(octet));
      }
      return v;
    }
    if (s.length() > 45 || !s.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress();
      if (b.length == 4) {
        // An IPv4-mapped literal; keep it in the IPv6 space.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        b = mapped;
      }
      return new BigInteger(1, b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static BigInteger mask(BigInteger ip, int bits, int prefix) {
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return ip.andNot(hostMask);
  }

  BigInteger last() {
    return base.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
  }

  boolean contains(IpNet other) {
    return bits == other.bits && prefix <= other.prefix && mask(other.base, bits, prefix).equals(base);
  }

  boolean intersects(IpNet other) {
    return bits == other.bits && (contains(other) || other.contains(this));
  }

  String cidr() {
    return format(base, bits) + "/" + prefix;
  }

  static String format(BigInteger ip, int bits) {
    if (bits == 32) {
      long v = ip.longValue();
      return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ip.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
