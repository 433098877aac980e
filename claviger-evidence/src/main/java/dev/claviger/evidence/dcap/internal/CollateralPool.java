package dev.claviger.evidence.dcap.internal;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Collateral items gathered from one or more sources, not yet verified: TCB Infos, enclave
 * identities, CRLs and issuer chains. Selection picks items for one quote; verification happens
 * in {@link CollateralCheck}. Immutable once built.
 */
public final class CollateralPool {
  private final List<Signed<TcbInfo>> tcbInfos;
  private final List<Signed<QeIdentity>> identities;
  private final List<X509CRL> crls;
  private final List<List<X509Certificate>> chains;

  private CollateralPool(Builder b) {
    this.tcbInfos = List.copyOf(b.tcbInfos);
    this.identities = List.copyOf(b.identities);
    this.crls = List.copyOf(b.crls);
    this.chains = List.copyOf(b.chains);
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return tcbInfos.isEmpty() && identities.isEmpty() && crls.isEmpty();
  }

  /** TCB Info for the FMSPC and TEE; prefers one valid at {@code at}, then the newest issue. */
  public Optional<Signed<TcbInfo>> tcbInfo(byte[] fmspc, boolean tdx, java.time.Instant at) {
    return best(tcbInfos, s -> Arrays.equals(s.value().fmspc(), fmspc) && s.value().isTdx() == tdx,
        s -> s.value().issueDate(), s -> s.value().nextUpdate(), at);
  }

  /** Enclave identity by id ({@code QE}, {@code TD_QE}). */
  public Optional<Signed<QeIdentity>> identity(String id, java.time.Instant at) {
    return best(identities, s -> s.value().id().equals(id), s -> s.value().issueDate(),
        s -> s.value().nextUpdate(), at);
  }

  /** CRL whose issuer is {@code issuer}'s subject; prefers one current at {@code at}. */
  public Optional<X509CRL> crlFor(X509Certificate issuer, java.time.Instant at) {
    return best(crls, c -> c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()),
        c -> c.getThisUpdate().toInstant(),
        c -> c.getNextUpdate() == null ? java.time.Instant.MAX : c.getNextUpdate().toInstant(), at);
  }

  public List<Signed<TcbInfo>> tcbInfos() {
    return tcbInfos;
  }

  public List<Signed<QeIdentity>> identities() {
    return identities;
  }

  public List<X509CRL> crls() {
    return crls;
  }

  /** Every issuer chain seen, for signers whose own chain was not delivered with the item. */
  public List<List<X509Certificate>> chains() {
    return chains;
  }

  private static <T> Optional<T> best(List<T> items, Predicate<T> match,
      java.util.function.Function<T, java.time.Instant> issued,
      java.util.function.Function<T, java.time.Instant> expires, java.time.Instant at) {
    Comparator<T> newest = Comparator.comparing(issued);
    List<T> candidates = items.stream().filter(match).toList();
    Optional<T> current = candidates.stream()
        .filter(t -> !at.isBefore(issued.apply(t)) && !at.isAfter(expires.apply(t))).max(newest);
    if (current.isPresent()) {
      return current;
    }
    Optional<T> issuedBefore = candidates.stream().filter(t -> !at.isBefore(issued.apply(t))).max(newest);
    return issuedBefore.isPresent() ? issuedBefore : candidates.stream().max(newest);
  }

  /** Mutable builder. */
  public static final class Builder {
    private final List<Signed<TcbInfo>> tcbInfos = new ArrayList<>();
    private final List<Signed<QeIdentity>> identities = new ArrayList<>();
    private final List<X509CRL> crls = new ArrayList<>();
    private final List<List<X509Certificate>> chains = new ArrayList<>();

    public Builder tcbInfo(Signed<TcbInfo> t) {
      tcbInfos.add(t);
      chain(t.issuerChain());
      return this;
    }

    public Builder identity(Signed<QeIdentity> q) {
      identities.add(q);
      chain(q.issuerChain());
      return this;
    }

    public Builder crl(X509CRL c) {
      if (crls.stream().noneMatch(c::equals)) {
        crls.add(c);
      }
      return this;
    }

    public Builder chain(List<X509Certificate> chain) {
      if (!chain.isEmpty() && !chains.contains(chain)) {
        chains.add(List.copyOf(chain));
      }
      return this;
    }

    public Builder addAll(CollateralPool other) {
      other.tcbInfos.forEach(this::tcbInfo);
      other.identities.forEach(this::identity);
      other.crls.forEach(this::crl);
      other.chains.forEach(this::chain);
      return this;
    }

    public CollateralPool build() {
      return new CollateralPool(this);
    }
  }
}
