package dev.claviger.image.oci;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.internal.Bodies;
import dev.claviger.image.oci.internal.CountingInputStream;
import dev.claviger.image.oci.internal.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OCI distribution-spec client over the JDK {@link HttpClient}: manifests (GET/HEAD/PUT, always
 * digest-checked), blobs (streamed GET with digest and size check, HEAD, monolithic or chunked
 * upload, cross-repository mount), tag listing, and anonymous/Basic/Bearer authentication.
 *
 * <p>Plain HTTP is used only for hosts passed to {@link Builder#insecure(String)}; everything else
 * is https with the JDK's trust store. Thread-safe; one instance shares tokens across calls.
 */
public final class RegistryClient {
  private final RegistryTransport transport;
  private final BlobUploader uploader;

  private RegistryClient(RegistryTransport transport, long chunkThreshold, int chunkSize) {
    this.transport = transport;
    this.uploader = new BlobUploader(chunkThreshold, chunkSize);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with secure defaults: https only, anonymous, system clock. */
  public static final class Builder {
    private final Set<String> insecure = new HashSet<>();
    private CredentialProvider credentials = CredentialProvider.anonymous();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofMinutes(2);
    private long chunkThreshold = 64L * 1024 * 1024;
    private int chunkSize = 16 * 1024 * 1024;
    private HttpClient http;
    private javax.net.ssl.SSLContext sslContext;

    private Builder() {}

    /** Trust for https registries (and token realms) instead of the JDK's default trust store. */
    public Builder sslContext(javax.net.ssl.SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Allows plain HTTP to this host[:port] (also used for a token realm on that host). */
    public Builder insecure(String hostAndPort) {
      insecure.add(Objects.requireNonNull(hostAndPort, "hostAndPort"));
      return this;
    }

    public Builder credentials(CredentialProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** The clock that ages cached tokens. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Time to wait for a response's headers. */
    public Builder timeout(Duration t) {
      this.timeout = Objects.requireNonNull(t, "timeout");
      return this;
    }

    /** Blobs larger than this are uploaded in chunks of {@code chunkSize} bytes. */
    public Builder chunkedUpload(long threshold, int chunkSize) {
      if (threshold < 0 || chunkSize < 1) {
        throw new IllegalArgumentException("threshold >= 0 and chunkSize >= 1 required");
      }
      this.chunkThreshold = threshold;
      this.chunkSize = chunkSize;
      return this;
    }

    /** A preconfigured client (proxy, executor...); redirects must be disabled on it. */
    public Builder httpClient(HttpClient client) {
      if (client.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException("the client must not follow redirects itself");
      }
      this.http = client;
      return this;
    }

    public RegistryClient build() {
      HttpClient h = http;
      if (h == null) {
        HttpClient.Builder hb = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30));
        if (sslContext != null) {
          hb.sslContext(sslContext);
        }
        h = hb.build();
      }
      return new RegistryClient(new RegistryTransport(h, insecure, credentials, clock, timeout,
          "claviger/0.1"), chunkThreshold, chunkSize);
    }
  }

  static String pull(String repository) {
    return "repository:" + repository + ":pull";
  }

  static String push(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  URI uri(ImageReference ref, String path) {
    return transport.base(ref.apiHost()).resolve("/v2/" + ref.repository() + path);
  }

  /** Checks that the registry speaks the v2 API (200, or 401 which means "authenticate"). */
  public void ping(String registryHost) throws IOException {
    URI u = transport.base(registryHost).resolve("/v2/");
    HttpResponse<InputStream> r;
    try {
      r = transport.send(new RegistryTransport.Request("GET", u, registryHost, "", List.of(),
          Map.of(), null));
    } catch (RegistryException e) {
      if (e.status() == 401) {
        return; // a v2 registry that wants credentials we lack: still a registry
      }
      throw e;
    }
    Bodies.readErrorBody(r.body());
    if (r.statusCode() != 200) {
      throw new RegistryException("registry " + registryHost + " does not answer /v2/",
          r.statusCode(), List.of());
    }
  }

  /**
   * Fetches and parses the manifest or index. The bytes must hash to the pinned digest when the
   * reference has one, and to {@code Docker-Content-Digest} when the registry sends it.
   */
  public Manifest getManifest(ImageReference ref) throws IOException {
    HttpResponse<InputStream> r = send("GET", ref, uri(ref, "/manifests/"
        + ref.manifestReference()), List.of(pull(ref.repository())),
        Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS), null);
    expect(r, 200, "GET manifest " + ref);
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > Manifest.MAX_BYTES) {
      r.body().close();
      throw new IOException("manifest of " + ref + " is " + declared + " bytes, limit "
          + Manifest.MAX_BYTES);
    }
    byte[] bytes = Bodies.readBounded(r.body(), Manifest.MAX_BYTES, "manifest of " + ref);
    if (ref.digest().isPresent()) {
      ref.digest().get().verify(bytes);
    }
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      Digest d = parseDigestHeader(header.get());
      d.verify(bytes);
    }
    try {
      return Manifest.parse(bytes, r.headers().firstValue("Content-Type").orElse(null));
    } catch (MalformedInputException e) {
      throw new IOException("malformed manifest for " + ref + ": " + e.getMessage(), e);
    }
  }

  /** HEADs a manifest: its descriptor, or empty when the registry does not have it. */
  public Optional<Descriptor> headManifest(ImageReference ref) throws IOException {
    HttpResponse<InputStream> r = send("HEAD", ref, uri(ref, "/manifests/"
        + ref.manifestReference()), List.of(pull(ref.repository())),
        Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS), null);
    r.body().close();
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, 200, "HEAD manifest " + ref);
    Digest d = parseDigestHeader(r.headers().firstValue("Docker-Content-Digest")
        .orElseThrow(() -> new IOException("HEAD manifest without Docker-Content-Digest")));
    if (ref.digest().isPresent() && !ref.digest().get().equals(d)) {
      throw DigestMismatchException.digest(ref.digest().get(), d);
    }
    long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    String type = r.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST);
    if (size < 0) {
      throw new IOException("HEAD manifest without Content-Length");
    }
    return Optional.of(Descriptor.of(type.split(";", 2)[0].trim(), d, size));
  }

  /** Uploads a manifest under the reference's tag (or digest); returns its digest. */
  public Digest putManifest(ImageReference ref, Manifest m) throws IOException {
    byte[] bytes = m.bytes();
    HttpResponse<InputStream> r = send("PUT", ref, uri(ref, "/manifests/"
        + ref.manifestReference()), List.of(push(ref.repository())),
        Map.of("Content-Type", m.mediaType()),
        () -> HttpRequest.BodyPublishers.ofByteArray(bytes));
    expect(r, 201, "PUT manifest " + ref);
    r.body().close();
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent() && !parseDigestHeader(header.get()).equals(m.digest())) {
      throw DigestMismatchException.digest(m.digest(), parseDigestHeader(header.get()));
    }
    return m.digest();
  }

  /** The size of a blob in the repository, or empty when it is not there. */
  public Optional<Long> headBlob(ImageReference repo, Digest digest) throws IOException {
    HttpResponse<InputStream> r = send("HEAD", repo, uri(repo, "/blobs/" + digest),
        List.of(pull(repo.repository())), Map.of(), null);
    r.body().close();
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, 200, "HEAD blob " + digest);
    return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * Opens a blob for streaming. The stream fails with {@link DigestMismatchException} as soon as
   * it exceeds the descriptor's size, and at EOF when digest or size differ.
   */
  public DigestingInputStream openBlob(ImageReference repo, Descriptor d, ProgressListener progress)
      throws IOException {
    HttpResponse<InputStream> r = send("GET", repo, uri(repo, "/blobs/" + d.digest()),
        List.of(pull(repo.repository())), Map.of(), null);
    expect(r, 200, "GET blob " + d.digest());
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared >= 0 && declared != d.size()) {
      r.body().close();
      throw DigestMismatchException.size(d.digest(), d.size(), declared, false);
    }
    InputStream body = r.body();
    if (progress != ProgressListener.NONE) {
      body = new CountingInputStream(body, n -> progress.advanced(d, n));
    }
    return DigestingInputStream.of(body, d);
  }

  /** Reads and verifies a small blob (a config, a signature) of at most {@code maxBytes}. */
  public byte[] readBlob(ImageReference repo, Descriptor d, int maxBytes) throws IOException {
    if (d.size() > maxBytes) {
      throw new IOException("blob " + d.digest() + " is " + d.size() + " bytes, limit " + maxBytes);
    }
    try (DigestingInputStream in = openBlob(repo, d, ProgressListener.NONE)) {
      byte[] b = in.readNBytes((int) d.size() + 1);
      in.verifyNow();
      return b;
    }
  }

  /** Source of a blob's bytes; may be opened more than once (retry after a challenge). */
  @FunctionalInterface
  public interface BlobSource {
    InputStream open() throws IOException;
  }

  /**
   * Uploads a blob unless it is already there. With {@code mountFrom} (a repository on the same
   * registry), asks the registry to mount it first and uploads only if the mount is refused.
   */
  public ProgressListener.Outcome pushBlob(ImageReference repo, Descriptor d, BlobSource source,
      Optional<String> mountFrom, ProgressListener progress) throws IOException {
    Optional<Long> existing = headBlob(repo, d.digest());
    if (existing.isPresent() && existing.get() == d.size()) {
      return ProgressListener.Outcome.EXISTS;
    }
    return uploader.upload(this, repo, d, source, mountFrom, progress);
  }

  /** Tags in the repository (all pages, at most 100 000). */
  public List<String> listTags(ImageReference repo) throws IOException {
    return TagLister.list(this, repo);
  }

  HttpResponse<InputStream> send(String method, ImageReference ref, URI uri, List<String> scopes,
      Map<String, String> headers, RegistryTransport.BodySource body) throws IOException {
    return transport.send(new RegistryTransport.Request(method, uri, ref.registry(),
        ref.repository(), scopes, headers, body));
  }

  static void expect(HttpResponse<InputStream> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      byte[] body = Bodies.readErrorBody(r.body());
      throw new RegistryException(what + " failed", r.statusCode(),
          Bodies.errors(r.statusCode(), body));
    }
  }

  static Digest parseDigestHeader(String value) throws IOException {
    try {
      return Digest.parse(value.trim());
    } catch (MalformedInputException e) {
      throw new IOException("malformed Docker-Content-Digest header: " + e.getMessage(), e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RegistryClient";
  }
}
