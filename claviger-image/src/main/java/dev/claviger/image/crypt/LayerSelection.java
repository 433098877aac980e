package dev.claviger.image.crypt;

import java.util.List;
import java.util.Objects;

/**
 * Which layers to encrypt, as skopeo's {@code --encrypt-layer N}: 0-based indexes, negative ones
 * counting from the end ({@code -1} = last); no index = all layers.
 */
public record LayerSelection(List<Integer> indexes) {
  public LayerSelection {
    indexes = List.copyOf(Objects.requireNonNull(indexes, "indexes"));
  }

  public static LayerSelection all() {
    return new LayerSelection(List.of());
  }

  public static LayerSelection of(Integer... indexes) {
    return new LayerSelection(List.of(indexes));
  }

  /** True when layer {@code i} of {@code count} is selected; an out-of-range index is a usage error. */
  public boolean selects(int i, int count) {
    if (indexes.isEmpty()) {
      return true;
    }
    for (int index : indexes) {
      if (index >= count || index < -count) {
        throw new IllegalArgumentException("--encrypt-layer " + index + " is out of range for " + count + " layers");
      }
      if ((index >= 0 ? index : count + index) == i) {
        return true;
      }
    }
    return false;
  }
}
