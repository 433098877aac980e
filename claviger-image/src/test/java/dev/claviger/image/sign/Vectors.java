package dev.claviger.image.sign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test vectors from src/test/resources/vectors. */
public final class Vectors {
  private Vectors() {}

  public static byte[] read(String path) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test vector " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] containersImage(String name) {
    return read("containers-image/" + name);
  }
}
