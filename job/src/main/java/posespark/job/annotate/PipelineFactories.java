package posespark.job.annotate;

/** Loads a {@link PipelineFactory} by class name, with a message that says what is wrong. */
public final class PipelineFactories {

  private PipelineFactories() {}

  public static PipelineFactory load(String className) {
    try {
      Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      if (!PipelineFactory.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("pipeline factory " + className + " does not implement "
            + PipelineFactory.class.getName());
      }
      return (PipelineFactory) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("pipeline factory class not found: " + className, e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot instantiate pipeline factory " + className
          + ": " + e, e);
    }
  }

  /** Model digests from the factory (on the driver); empty if it cannot tell. */
  public static java.util.Map<String, String> modelDigests(PipelineFactory factory,
      PipelineSpec spec) {
    try {
      return factory.modelDigests(spec);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(PipelineFactories.class)
          .warn("model digests unavailable: {}", e.toString());
      return java.util.Map.of();
    }
  }
}
