package dev.claviger.store.internal;

import java.util.Objects;

/** Argument checks shared by the repositories: keys are bounded and free of control characters. */
final class Keys {
  private Keys() {}

  static String check(String what, String value, int maxLength) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > maxLength) {
      throw new IllegalArgumentException(what + " must be 1.." + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + " contains a control character");
      }
    }
    return value;
  }

  /** Whether {@code value} could be a stored key; lookups of impossible keys find nothing. */
  static boolean fits(String value, int maxLength) {
    Objects.requireNonNull(value, "key");
    return !value.isEmpty() && value.length() <= maxLength;
  }
}
