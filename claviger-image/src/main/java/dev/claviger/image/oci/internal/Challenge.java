package dev.claviger.image.oci.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 9110 §11.6.1): a scheme and its auth-params, as
 * registries send them ({@code Bearer realm="...",service="...",scope="..."} or
 * {@code Basic realm="..."}). Parameter names are lowercased; values unquoted.
 */
public record Challenge(String scheme, Map<String, String> params) {
  private static final int MAX_HEADER = 8192;

  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  public String param(String name) {
    return params.getOrDefault(name, "");
  }

  /** Parses all challenges from the header values; malformed trailing parts are dropped. */
  public static List<Challenge> parse(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String h : headerValues) {
      if (h.length() <= MAX_HEADER) {
        parseOne(h, out);
      }
    }
    return out;
  }

  private static void parseOne(String h, List<Challenge> out) {
    int i = 0;
    int n = h.length();
    while (i < n) {
      i = skip(h, i, " \t,");
      int start = i;
      while (i < n && isTokenChar(h.charAt(i))) {
        i++;
      }
      if (i == start) {
        return;
      }
      String scheme = h.substring(start, i);
      Map<String, String> params = new HashMap<>();
      while (true) {
        int save = i;
        i = skip(h, i, " \t,");
        int ks = i;
        while (i < n && isTokenChar(h.charAt(i))) {
          i++;
        }
        int ke = i;
        i = skip(h, i, " \t");
        if (ke == ks || i >= n || h.charAt(i) != '=') {
          i = save; // next token is a new scheme (or end)
          break;
        }
        i = skip(h, i + 1, " \t");
        StringBuilder v = new StringBuilder();
        if (i < n && h.charAt(i) == '"') {
          i++;
          while (i < n && h.charAt(i) != '"') {
            if (h.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            v.append(h.charAt(i++));
          }
          i++;
        } else {
          while (i < n && h.charAt(i) != ',' && h.charAt(i) != ' ') {
            v.append(h.charAt(i++));
          }
        }
        params.put(h.substring(ks, ke).toLowerCase(Locale.ROOT), v.toString());
      }
      out.add(new Challenge(scheme, params));
      if (i >= n) {
        return;
      }
    }
  }

  private static int skip(String h, int i, String chars) {
    while (i < h.length() && chars.indexOf(h.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static boolean isTokenChar(char c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
  }
}
