package dev.claviger.store;

/** The store failed (I/O, SQL, migration). Never means "not found": that is an empty Optional. */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
