package dev.claviger.agent.cdh;

import dev.claviger.agent.ResourcePath;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory KBS: resources by path, with a log of every fetch (to prove there is no cache). */
final class MapSource implements ResourceSource {
  private final Map<ResourcePath, byte[]> resources = new ConcurrentHashMap<>();
  final List<ResourcePath> fetched = new ArrayList<>();

  MapSource put(String path, byte[] value) {
    resources.put(ResourcePath.parse(path), value.clone());
    return this;
  }

  MapSource put(String path, String value) {
    return put(path, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized SecretBytes get(ResourcePath path) throws CdhException {
    fetched.add(path);
    byte[] value = resources.get(path);
    if (value == null) {
      throw new CdhException(CdhException.Kind.RESOURCE_UNAVAILABLE, "no resource " + path);
    }
    return SecretBytes.copyOf(value);
  }
}
