package posespark.models.zoo;

/** State of a zoo model in the cache, as {@code submit/models list} prints it. */
public enum ModelStatus {
  /** Converted SavedModel present, made from the current card. */
  READY,
  /** Not converted yet. */
  MISSING,
  /** Present but unusable: incomplete, stale, or its last conversion failed. */
  ERROR;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
