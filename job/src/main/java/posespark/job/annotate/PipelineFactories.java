package posespark.job.annotate;

/** Loads a {@link PipelineFactory} by class name, with a message that says what is wrong. */
final class PipelineFactories {

  private PipelineFactories() {}

  static PipelineFactory load(String className) {
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
}
