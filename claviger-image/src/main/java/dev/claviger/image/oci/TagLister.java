package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.internal.Bodies;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /v2/<name>/tags/list} with {@code Link: <...>; rel="next"} pagination. */
final class TagLister {
  private static final int PAGE = 1000;
  private static final int MAX_PAGES = 100;
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private TagLister() {}

  static List<String> list(RegistryClient c, ImageReference repo) throws IOException {
    List<String> tags = new ArrayList<>();
    URI base = c.uri(repo, "/");
    URI next = c.uri(repo, "/tags/list?n=" + PAGE);
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new IOException("tag list of " + repo.name() + " exceeds " + MAX_PAGES + " pages");
      }
      HttpResponse<InputStream> r = c.send("GET", repo, next,
          List.of(RegistryClient.pull(repo.repository())), Map.of(), null);
      RegistryClient.expect(r, 200, "GET tags of " + repo.name());
      byte[] body = Bodies.readBounded(r.body(), MAX_BODY, "tag list");
      try {
        JsonNode n = Json.parse(body);
        for (JsonNode t : n.path("tags")) {
          tags.add(t.asText());
        }
      } catch (MalformedInputException e) {
        throw new IOException("malformed tag list: " + e.getMessage(), e);
      }
      next = nextPage(base, r.headers().firstValue("Link"));
    }
    return tags;
  }

  /** Only same-origin next links are followed. */
  private static URI nextPage(URI base, Optional<String> link) {
    if (link.isEmpty()) {
      return null;
    }
    Matcher m = NEXT.matcher(link.get());
    if (!m.find()) {
      return null;
    }
    URI u = base.resolve(m.group(1));
    return u.getHost() != null && u.getHost().equals(base.getHost())
        && u.getPort() == base.getPort() ? u : null;
  }
}
