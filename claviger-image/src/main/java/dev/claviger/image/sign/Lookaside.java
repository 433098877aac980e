package dev.claviger.image.sign;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.internal.PgpSignedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Lookaside signature storage: {@code <repository base>@<algorithm>=<hex>/signature-<n>}, n = 1, 2,
 * ... until the first missing one, read over {@code file:}, {@code http:} or {@code https:} and
 * written over {@code file:}. At most {@value #MAX_SIGNATURES} signatures of at most 4 MiB each
 * are read (containers/image's limits); more is treated as a server error.
 */
public final class Lookaside {
  /** containers/image's maxLookasideSignatures. */
  public static final int MAX_SIGNATURES = 128;
  private static final byte[] SIMPLE_SIGNING_PREFIX =
      "\0simple-signing\n".getBytes(StandardCharsets.US_ASCII);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Lookaside() {}

  /** The URL of signature {@code n} (1-based) of a manifest. */
  public static URI signatureUri(URI repositoryBase, Digest manifest, int n) {
    Objects.requireNonNull(repositoryBase, "repositoryBase");
    String path = repositoryBase.getPath() + "@" + manifest.algorithm() + "=" + manifest.encoded()
        + "/signature-" + n;
    try {
      return new URI(repositoryBase.getScheme(), repositoryBase.getAuthority(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid lookaside URL", e);
    }
  }

  /**
   * Reads all signatures of a manifest.
   *
   * @throws SignatureException {@link Kind#UNAVAILABLE} when a read fails (other than "missing"),
   *     {@link Kind#CONFIGURATION} for an unsupported URL scheme
   */
  public static List<byte[]> read(URI repositoryBase, Digest manifest, HttpClient http)
      throws SignatureException {
    List<byte[]> out = new ArrayList<>();
    for (int n = 1; ; n++) {
      if (n > MAX_SIGNATURES) {
        throw new SignatureException(Kind.UNAVAILABLE, "lookaside holds more than "
            + MAX_SIGNATURES + " signatures for " + manifest + "; assuming a server error");
      }
      byte[] sig = readOne(signatureUri(repositoryBase, manifest, n), http);
      if (sig == null) {
        return out;
      }
      out.add(stripFormatHeader(sig));
    }
  }

  /**
   * Stores a signature as the next free {@code signature-<n>}; returns n. Only {@code file:}
   * locations can be written.
   */
  public static int write(URI repositoryBase, Digest manifest, byte[] signature)
      throws SignatureException {
    if (!"file".equals(repositoryBase.getScheme())) {
      throw new SignatureException(Kind.CONFIGURATION,
          "can only write signatures to file: lookaside locations, not " + repositoryBase.getScheme());
    }
    for (int n = 1; n <= MAX_SIGNATURES; n++) {
      Path target = Path.of(signatureUri(repositoryBase, manifest, n));
      try {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".signature-", ".tmp");
        try {
          Files.write(tmp, signature);
          // no REPLACE_EXISTING: a concurrent signer that took this number makes us try the next
          Files.move(tmp, target);
          return n;
        } catch (FileAlreadyExistsException taken) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        throw new SignatureException(Kind.UNAVAILABLE, "cannot write signature to " + target, e);
      }
    }
    throw new SignatureException(Kind.UNAVAILABLE, "lookaside already holds " + MAX_SIGNATURES
        + " signatures for " + manifest);
  }

  /** null when the signature does not exist. */
  private static byte[] readOne(URI uri, HttpClient http) throws SignatureException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> readFile(Path.of(uri));
      case "http", "https" -> readHttp(uri, http);
      default -> throw new SignatureException(Kind.CONFIGURATION,
          "unsupported scheme when reading signature from " + uri);
    };
  }

  private static byte[] readFile(Path p) throws SignatureException {
    try (InputStream in = Files.newInputStream(p)) {
      return bounded(in, p.toString());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new SignatureException(Kind.UNAVAILABLE, "cannot read signature " + p, e);
    }
  }

  private static byte[] readHttp(URI uri, HttpClient http) throws SignatureException {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = r.body()) {
        if (r.statusCode() == 404) {
          return null;
        }
        if (r.statusCode() != 200) {
          throw new SignatureException(Kind.UNAVAILABLE,
              "reading signature from " + uri + ": HTTP " + r.statusCode());
        }
        return bounded(body, uri.toString());
      }
    } catch (IOException e) {
      throw new SignatureException(Kind.UNAVAILABLE, "reading signature from " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignatureException(Kind.UNAVAILABLE, "interrupted reading " + uri, e);
    }
  }

  private static byte[] bounded(InputStream in, String where) throws IOException, SignatureException {
    byte[] b = in.readNBytes(PgpSignedMessage.MAX_SIGNATURE_BYTES + 1);
    if (b.length > PgpSignedMessage.MAX_SIGNATURE_BYTES) {
      throw new SignatureException(Kind.UNAVAILABLE, "signature " + where + " exceeds "
          + PgpSignedMessage.MAX_SIGNATURE_BYTES + " bytes");
    }
    return b;
  }

  /** containers/image may store {@code \0simple-signing\n} + the OpenPGP bytes. */
  private static byte[] stripFormatHeader(byte[] sig) {
    if (sig.length > SIMPLE_SIGNING_PREFIX.length
        && Arrays.equals(sig, 0, SIMPLE_SIGNING_PREFIX.length, SIMPLE_SIGNING_PREFIX, 0,
            SIMPLE_SIGNING_PREFIX.length)) {
      return Arrays.copyOfRange(sig, SIMPLE_SIGNING_PREFIX.length, sig.length);
    }
    return sig;
  }
}
