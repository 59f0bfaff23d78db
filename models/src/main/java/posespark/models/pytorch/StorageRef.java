package posespark.models.pytorch;

/**
 * A reference to one raw storage of a checkpoint as the pickle names it (persistent id), before its
 * bytes are read: {@code key} names the entry ({@code archive/data/<key>} in the zip format).
 */
record StorageRef(String key, StorageType type, long numel) {
}
