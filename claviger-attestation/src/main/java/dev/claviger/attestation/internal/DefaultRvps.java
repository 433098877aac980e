package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.attestation.ReferenceValue;
import dev.claviger.attestation.Rvps;
import dev.claviger.attestation.RvpsException;
import dev.claviger.attestation.RvpsException.Reason;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.store.ReferenceValueRecord;
import dev.claviger.store.ReferenceValueRepository;
import dev.claviger.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RVPS over the store. Accepts upstream's {@code sample} message type; every value gets
 * provenance {@code sample} and an expiry of now + the configured lifetime, and expired values are
 * not returned by {@link #query} (upstream stores an expiry but never enforces it).
 */
public final class DefaultRvps implements Rvps {
  static final String VERSION = "0.1.0";
  static final int MAX_MESSAGE_CHARS = 4 << 20;
  static final int MAX_VALUES_PER_MESSAGE = 10_000;
  private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,256}");

  private final ReferenceValueRepository repo;
  private final Clock clock;
  private final Duration lifetime;

  public DefaultRvps(ReferenceValueRepository repo, Clock clock, Duration lifetime) {
    this.repo = repo;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  @Override
  public void register(JsonNode message) throws RvpsException {
    if (message == null || !message.isObject()) {
      throw invalid("RVPS message must be a JSON object");
    }
    JsonNode version = message.get("version");
    if (version != null && !(version.isTextual() && VERSION.equals(version.textValue()))) {
      throw invalid("RVPS message version must be \"" + VERSION + "\"");
    }
    JsonNode type = message.get("type");
    if (type == null || !type.isTextual()) {
      throw invalid("RVPS message 'type' must be a string");
    }
    if (!"sample".equals(type.textValue())) {
      throw invalid("unsupported RVPS message type '" + abbreviate(type.textValue())
          + "' (supported: sample)");
    }
    JsonNode payload = message.get("payload");
    if (payload == null || !payload.isTextual()) {
      throw invalid("RVPS message 'payload' must be a string");
    }
    storeAll(parseSamplePayload(payload.textValue()));
  }

  private static Map<String, JsonNode> parseSamplePayload(String payload) throws RvpsException {
    if (payload.length() > MAX_MESSAGE_CHARS) {
      throw invalid("RVPS payload longer than " + MAX_MESSAGE_CHARS + " characters");
    }
    JsonNode values;
    try {
      values = Json.parse(Base64s.decodeStd(payload));
    } catch (MalformedInputException e) {
      throw invalid("RVPS sample payload must be standard base64 of a JSON object: " + e.getMessage());
    }
    if (!values.isObject()) {
      throw invalid("RVPS sample payload must be a JSON object {name: value}");
    }
    if (values.size() > MAX_VALUES_PER_MESSAGE) {
      throw invalid("RVPS sample payload has more than " + MAX_VALUES_PER_MESSAGE + " values");
    }
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      checkName(e.getKey());
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private void storeAll(Map<String, JsonNode> values) throws RvpsException {
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      try {
        repo.put(new ReferenceValueRecord(e.getKey(), Json.write(e.getValue()), "sample", now, expires));
      } catch (StoreException ex) {
        throw new RvpsException(Reason.STORAGE, "storing reference value failed: " + ex.getMessage(), ex);
      }
    }
  }

  @Override
  public Optional<JsonNode> query(String name) throws RvpsException {
    checkName(name);
    Optional<ReferenceValueRecord> rec;
    try {
      rec = repo.get(name);
    } catch (StoreException e) {
      throw new RvpsException(Reason.STORAGE, "reading reference value failed: " + e.getMessage(), e);
    }
    if (rec.isEmpty() || isExpired(rec.get(), clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(value(rec.get()));
  }

  @Override
  public List<ReferenceValue> list() throws RvpsException {
    List<ReferenceValueRecord> records;
    try {
      records = repo.list();
    } catch (StoreException e) {
      throw new RvpsException(Reason.STORAGE, "listing reference values failed: " + e.getMessage(), e);
    }
    List<ReferenceValue> out = new ArrayList<>(records.size());
    for (ReferenceValueRecord r : records) {
      out.add(new ReferenceValue(r.name(), value(r), r.provenance(), r.createdAt(),
          Optional.ofNullable(r.expiresAt())));
    }
    return out;
  }

  @Override
  public boolean delete(String name) throws RvpsException {
    checkName(name);
    try {
      return repo.delete(name);
    } catch (StoreException e) {
      throw new RvpsException(Reason.STORAGE, "deleting reference value failed: " + e.getMessage(), e);
    }
  }

  private static boolean isExpired(ReferenceValueRecord r, Instant now) {
    return r.expiresAt() != null && !now.isBefore(r.expiresAt());
  }

  private static JsonNode value(ReferenceValueRecord r) throws RvpsException {
    try {
      return Json.parse(r.valuesJson());
    } catch (MalformedInputException e) {
      throw new RvpsException(Reason.STORAGE, "stored reference value '" + r.name() + "' is corrupt", e);
    }
  }

  private static void checkName(String name) throws RvpsException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid("reference value name must be 1-256 printable ASCII characters without spaces");
    }
  }

  private static RvpsException invalid(String message) {
    return new RvpsException(Reason.INVALID_MESSAGE, message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
