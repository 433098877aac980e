package dev.claviger.evidence.tdx.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An Attestation Agent event log (AAEL) entry: an {@code EV_EVENT_TAG} event whose tagged event id
 * is {@code 0x4141454C} ("AAEL") and whose tagged data is the UTF-8 text
 * {@code "<domain> <operation> <content>"}. The guest hashes the whole event data and extends that
 * digest into an RTMR (PCR 17 maps to RTMR3), so the entry is covered by the RTMR replay.
 */
public record AaelEvent(String domain, String operation, String content) {
  public static final long AAEL_TAG = 0x4141454CL;

  /** serde_json's limits: one value, surrounding whitespace only, nesting depth 128. */
  private static final JsonMapper CONTENT = JsonMapper.builder(
          new com.fasterxml.jackson.core.JsonFactory().setStreamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(128).build()))
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** The AAEL entry carried by an event, or {@code null} when the event is not an AAEL tag. */
  public static AaelEvent of(CcEventLog.Event e) throws CcelFormatException {
    if (e.type() != TaggedEvent.EV_EVENT_TAG) {
      return null;
    }
    TaggedEvent tag = TaggedEvent.parse(e.data());
    return tag.id() == AAEL_TAG ? parseText(tag.payload()) : null;
  }

  /** Whether event data is a tagged event with the AAEL id (whatever the declared event type). */
  static boolean looksLikeAael(byte[] data) {
    try {
      return TaggedEvent.parse(data).id() == AAEL_TAG;
    } catch (CcelFormatException notTagged) {
      return false;
    }
  }

  /** Splits at the first two spaces as upstream does; the content keeps any further spaces. */
  static AaelEvent parseText(byte[] utf8) throws CcelFormatException {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException ex) {
      throw new CcelFormatException("AAEL entry is not UTF-8");
    }
    int first = s.indexOf(' ');
    int second = first < 0 ? -1 : s.indexOf(' ', first + 1);
    if (second < 0) {
      throw new CcelFormatException("AAEL entry is not \"<domain> <operation> <content>\"");
    }
    return new AaelEvent(s.substring(0, first), s.substring(first + 1, second), s.substring(second + 1));
  }

  /** The content as JSON when it is one JSON value (upstream's claim shape), else as a string. */
  public JsonNode contentClaim() {
    try {
      JsonNode n = CONTENT.readTree(content);
      if (n != null && !n.isMissingNode()) {
        return n;
      }
    } catch (JsonProcessingException | RuntimeException notJson) {
      // upstream falls back to the raw text for anything that is not a single JSON value
    }
    return JsonNodeFactory.instance.textNode(content);
  }
}
