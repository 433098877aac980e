package dev.claviger.store;

import java.util.List;
import java.util.Optional;

/** Sealed resource blobs keyed by path {@code repo/type/tag}. */
public interface ResourceRepository {
  void put(String path, byte[] sealed) throws StoreException;

  Optional<byte[]> get(String path) throws StoreException;

  /** @return true when a resource was deleted */
  boolean delete(String path) throws StoreException;

  List<String> list() throws StoreException;
}
