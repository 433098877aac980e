package dev.claviger.core;

/**
 * Hard limits applied while reading JSON. Jackson 2.x leaves document length and token count
 * unlimited by default, so every limit here is set explicitly.
 *
 * @param maxDocumentLength maximum input size in bytes (chars for String input)
 * @param maxNestingDepth maximum depth of nested arrays/objects
 * @param maxStringLength maximum length of one string value
 * @param maxNameLength maximum length of one object member name
 * @param maxNumberLength maximum number of characters in one number
 * @param maxTokenCount maximum number of tokens in one document
 */
public record JsonLimits(
    long maxDocumentLength,
    int maxNestingDepth,
    int maxStringLength,
    int maxNameLength,
    int maxNumberLength,
    long maxTokenCount) {

  /** 2 MiB documents, depth 64, 1 MiB strings, 64 KiB names, 1000-char numbers, 1M tokens. */
  public static final JsonLimits DEFAULT =
      new JsonLimits(2L * 1024 * 1024, 64, 1024 * 1024, 64 * 1024, 1000, 1_000_000L);

  public JsonLimits {
    if (maxDocumentLength <= 0
        || maxNestingDepth <= 0
        || maxStringLength <= 0
        || maxNameLength <= 0
        || maxNumberLength <= 0
        || maxTokenCount <= 0) {
      throw new IllegalArgumentException("JSON limits must be positive");
    }
  }

  public static JsonLimits defaults() {
    return DEFAULT;
  }

  public JsonLimits withMaxDocumentLength(long bytes) {
    return new JsonLimits(
        bytes, maxNestingDepth, maxStringLength, maxNameLength, maxNumberLength, maxTokenCount);
  }

  public JsonLimits withMaxNestingDepth(int depth) {
    return new JsonLimits(
        maxDocumentLength, depth, maxStringLength, maxNameLength, maxNumberLength, maxTokenCount);
  }
}
