package dev.claviger.attestation;

import dev.claviger.store.NonceRepository;
import dev.claviger.store.PolicyRepository;
import dev.claviger.store.ReferenceValueRecord;
import dev.claviger.store.ReferenceValueRepository;
import dev.claviger.store.ResourceRepository;
import dev.claviger.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A thread-safe in-memory {@link Store} for unit tests. */
public final class InMemoryStore implements Store {
  private final Map<String, ReferenceValueRecord> rvs = new ConcurrentSkipListMap<>();
  private final Map<String, String> policies = new ConcurrentSkipListMap<>();
  private final Map<String, byte[]> resources = new ConcurrentSkipListMap<>();
  private final Map<String, Instant> nonces = new ConcurrentHashMap<>();

  @Override
  public ResourceRepository resources() {
    return new ResourceRepository() {
      @Override public void put(String path, byte[] sealed) { resources.put(path, sealed.clone()); }
      @Override public Optional<byte[]> get(String path) {
        return Optional.ofNullable(resources.get(path)).map(byte[]::clone);
      }
      @Override public boolean delete(String path) { return resources.remove(path) != null; }
      @Override public List<String> list() { return new ArrayList<>(resources.keySet()); }
    };
  }

  @Override
  public PolicyRepository policies() {
    return new PolicyRepository() {
      @Override public void put(String kind, String id, String text) { policies.put(kind + "/" + id, text); }
      @Override public Optional<String> get(String kind, String id) {
        return Optional.ofNullable(policies.get(kind + "/" + id));
      }
      @Override public boolean delete(String kind, String id) { return policies.remove(kind + "/" + id) != null; }
      @Override public List<String> ids(String kind) {
        List<String> out = new ArrayList<>();
        for (String k : policies.keySet()) {
          if (k.startsWith(kind + "/")) {
            out.add(k.substring(kind.length() + 1));
          }
        }
        return out;
      }
    };
  }

  @Override
  public ReferenceValueRepository referenceValues() {
    return new ReferenceValueRepository() {
      @Override public void put(ReferenceValueRecord r) { rvs.put(r.name(), r); }
      @Override public Optional<ReferenceValueRecord> get(String name) { return Optional.ofNullable(rvs.get(name)); }
      @Override public List<ReferenceValueRecord> list() { return new ArrayList<>(rvs.values()); }
      @Override public boolean delete(String name) { return rvs.remove(name) != null; }
    };
  }

  @Override
  public NonceRepository nonces() {
    return new NonceRepository() {
      @Override public void issue(String nonce, Instant expiresAt) { nonces.put(nonce, expiresAt); }
      @Override public boolean consume(String nonce, Instant now) {
        Instant exp = nonces.remove(nonce);
        return exp != null && now.isBefore(exp);
      }
      @Override public int purgeExpired(Instant now) {
        int before = nonces.size();
        nonces.values().removeIf(e -> !now.isBefore(e));
        return before - nonces.size();
      }
    };
  }

  public void ping() {}

  public String vendor() {
    return "memory";
  }

  @Override
  public void close() {}
}
