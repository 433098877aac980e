package dev.claviger.image.oci;

import dev.claviger.image.oci.internal.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Blob upload per distribution-spec: POST to open a session (or to mount from another
 * repository), then one PUT with the whole body, or PATCH chunks with Content-Range and a final
 * empty PUT. The source bytes are verified against the descriptor while they are sent, so we never
 * publish content under a digest it does not have (the registry checks too).
 */
final class BlobUploader {
  private static final String OCTETS = "application/octet-stream";
  private final long chunkThreshold;
  private final int chunkSize;

  BlobUploader(long chunkThreshold, int chunkSize) {
    this.chunkThreshold = chunkThreshold;
    this.chunkSize = chunkSize;
  }

  ProgressListener.Outcome upload(RegistryClient c, ImageReference repo, Descriptor d,
      RegistryClient.BlobSource source, Optional<String> mountFrom, ProgressListener progress)
      throws IOException {
    URI location;
    if (mountFrom.isPresent() && !mountFrom.get().equals(repo.repository())) {
      String from = mountFrom.get();
      HttpResponse<InputStream> r = c.send("POST", repo, c.uri(repo, "/blobs/uploads/?mount="
          + RegistryClient.enc(d.digest().toString()) + "&from=" + RegistryClient.enc(from)),
          List.of(RegistryClient.push(repo.repository()), RegistryClient.pull(from)), Map.of(),
          HttpRequest.BodyPublishers::noBody);
      if (r.statusCode() == 201) {
        r.body().close();
        checkDigestHeader(r, d);
        progress.finished(d, ProgressListener.Outcome.MOUNTED);
        return ProgressListener.Outcome.MOUNTED;
      }
      RegistryClient.expect(r, 202, "POST blob mount " + d.digest());
      location = location(c, repo, r);
    } else {
      HttpResponse<InputStream> r = c.send("POST", repo, c.uri(repo, "/blobs/uploads/"),
          List.of(RegistryClient.push(repo.repository())), Map.of(),
          HttpRequest.BodyPublishers::noBody);
      RegistryClient.expect(r, 202, "POST blob upload " + d.digest());
      location = location(c, repo, r);
    }
    progress.started(d);
    if (d.size() <= chunkThreshold) {
      monolithic(c, repo, d, source, location, progress);
    } else {
      chunked(c, repo, d, source, location, progress);
    }
    progress.finished(d, ProgressListener.Outcome.COPIED);
    return ProgressListener.Outcome.COPIED;
  }

  private void monolithic(RegistryClient c, ImageReference repo, Descriptor d,
      RegistryClient.BlobSource source, URI location, ProgressListener progress)
      throws IOException {
    HttpResponse<InputStream> r = c.send("PUT", repo, withDigest(location, d),
        List.of(RegistryClient.push(repo.repository())), Map.of("Content-Type", OCTETS),
        () -> HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> open(source, d, progress)), d.size()));
    RegistryClient.expect(r, 201, "PUT blob " + d.digest());
    r.body().close();
    checkDigestHeader(r, d);
  }

  private static InputStream open(RegistryClient.BlobSource source, Descriptor d,
      ProgressListener progress) {
    try {
      InputStream in = DigestingInputStream.verifying(source.open(), d);
      return new CountingInputStream(in, n -> progress.advanced(d, n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void chunked(RegistryClient c, ImageReference repo, Descriptor d,
      RegistryClient.BlobSource source, URI location, ProgressListener progress)
      throws IOException {
    URI loc = location;
    long offset = 0;
    try (DigestingInputStream in = DigestingInputStream.verifying(source.open(), d)) {
      while (true) {
        byte[] chunk = in.readNBytes(chunkSize);
        if (chunk.length == 0) {
          break;
        }
        long end = offset + chunk.length - 1;
        HttpResponse<InputStream> r = c.send("PATCH", repo, loc,
            List.of(RegistryClient.push(repo.repository())),
            Map.of("Content-Type", OCTETS, "Content-Range", offset + "-" + end),
            () -> HttpRequest.BodyPublishers.ofByteArray(chunk));
        RegistryClient.expect(r, 202, "PATCH blob " + d.digest() + " at " + offset);
        r.body().close();
        Optional<String> range = r.headers().firstValue("Range");
        if (range.isPresent() && !range.get().equals("0-" + end)
            && !range.get().equals("bytes=0-" + end)) {
          throw new IOException("registry acknowledged range " + range.get() + ", expected 0-"
              + end);
        }
        loc = location(c, repo, r);
        offset = end + 1;
        progress.advanced(d, offset);
      }
      in.verifyNow();
    }
    HttpResponse<InputStream> r = c.send("PUT", repo, withDigest(loc, d),
        List.of(RegistryClient.push(repo.repository())), Map.of(),
        HttpRequest.BodyPublishers::noBody);
    RegistryClient.expect(r, 201, "PUT blob (close chunked upload) " + d.digest());
    r.body().close();
    checkDigestHeader(r, d);
  }

  /**
   * The session URL from Location, resolved against the registry. A location on another origin
   * is refused: the transport would not send our credentials there, and we do not follow uploads
   * off the registry.
   */
  private static URI location(RegistryClient c, ImageReference repo, HttpResponse<InputStream> r)
      throws IOException {
    r.body().close();
    String loc = r.headers().firstValue("Location")
        .orElseThrow(() -> new IOException("upload response without Location"));
    URI base = c.uri(repo, "/");
    URI u = base.resolve(loc);
    if (!Objects.equals(u.getScheme(), base.getScheme())
        || !Objects.equals(u.getHost(), base.getHost()) || u.getPort() != base.getPort()) {
      throw new IOException("upload location on another origin is not supported: "
          + u.getScheme() + "://" + u.getHost());
    }
    return u;
  }

  private static URI withDigest(URI location, Descriptor d) {
    String s = location.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + "digest="
        + RegistryClient.enc(d.digest().toString()));
  }

  private static void checkDigestHeader(HttpResponse<InputStream> r, Descriptor d)
      throws IOException {
    Optional<String> h = r.headers().firstValue("Docker-Content-Digest");
    if (h.isPresent() && !RegistryClient.parseDigestHeader(h.get()).equals(d.digest())) {
      throw new IOException("registry stored " + h.get() + " for blob " + d.digest());
    }
  }
}
