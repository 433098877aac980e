package dev.claviger.store;

import java.util.List;
import java.util.Optional;

/** Reference values by name. Expiry is stored; enforcing it is the RVPS's job. */
public interface ReferenceValueRepository {
  /** Inserts or replaces the record with the same name. */
  void put(ReferenceValueRecord record) throws StoreException;

  Optional<ReferenceValueRecord> get(String name) throws StoreException;

  List<ReferenceValueRecord> list() throws StoreException;

  boolean delete(String name) throws StoreException;
}
