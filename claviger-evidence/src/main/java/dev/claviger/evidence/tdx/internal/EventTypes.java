package dev.claviger.evidence.tdx.internal;

/** Event type names as upstream's CCEL claims spell them (unknown: {@code UNKNOWN(0x...)}). */
final class EventTypes {
  private EventTypes() {}

  static String name(long type) {
    String n = dev.claviger.evidence.eventlog.EventTypes.nameOrNull(type);
    return n != null ? n : String.format("UNKNOWN(0x%08X)", type);
  }
}
