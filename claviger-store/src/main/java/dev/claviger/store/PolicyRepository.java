package dev.claviger.store;

import java.util.List;
import java.util.Optional;

/** Policy texts keyed by kind ({@code "resource"}, {@code "attestation"}) and id. */
public interface PolicyRepository {
  void put(String kind, String id, String text) throws StoreException;

  Optional<String> get(String kind, String id) throws StoreException;

  boolean delete(String kind, String id) throws StoreException;

  List<String> ids(String kind) throws StoreException;
}
