package posespark.models.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import posespark.models.card.ModelCard;

/**
 * The JVM-wide registry of loaded SavedModels: each (folder, options) is loaded once, lazily, and
 * shared by every thread; all are closed when the JVM exits. Every graph is checked against the
 * {@link OpAllowlist} before TensorFlow sees it.
 *
 * <p>Options come from the caller, or from {@link #defaultOptions(Path)}: system properties
 * {@code posespark.tf.intraOpThreads}, {@code posespark.tf.interOpThreads}, {@code posespark.tf.gpu}
 * (device index, -1 = CPU) and, from the model card next to the SavedModel, {@code runtime.remapping}.
 */
public final class ModelHost {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);
  private static final Map<Key, LoadedModel> MODELS = new ConcurrentHashMap<>();
  private static final Map<Path, HostOptions> DEFAULTS = new ConcurrentHashMap<>();
  private static final Thread CLOSER = new Thread(ModelHost::closeAll, "posespark-model-host-close");

  static {
    Runtime.getRuntime().addShutdownHook(CLOSER);
  }

  private record Key(Path dir, HostOptions options) {}

  private ModelHost() {}

  /** The model in {@code savedModelDir} with {@link #defaultOptions(Path)}. */
  public static LoadedModel get(Path savedModelDir) {
    Path dir = savedModelDir.toAbsolutePath().normalize();
    return get(dir, DEFAULTS.computeIfAbsent(dir, ModelHost::defaultOptions));
  }

  /** The model in {@code savedModelDir} loaded with {@code options} (loaded on first use). */
  public static LoadedModel get(Path savedModelDir, HostOptions options) {
    Path dir = savedModelDir.toAbsolutePath().normalize();
    return MODELS.computeIfAbsent(new Key(dir, options), ModelHost::load);
  }

  /**
   * The model in {@code savedModelDir} with the caller's threads and device ({@code session}, null
   * for {@link #defaultOptions(Path)}) and the remapping choice of the model's card.
   */
  public static LoadedModel getWithSession(Path savedModelDir, HostOptions session) {
    return session == null ? get(savedModelDir) : get(savedModelDir, withCard(session, savedModelDir));
  }

  /** Options from system properties and the model's card ({@code card.conf} next to it). */
  public static HostOptions defaultOptions(Path savedModelDir) {
    HostOptions options = HostOptions.defaults()
        .withThreads(Integer.getInteger("posespark.tf.intraOpThreads", 0),
            Integer.getInteger("posespark.tf.interOpThreads", 0))
        .withGpu(Integer.getInteger("posespark.tf.gpu", -1));
    return withCard(options, savedModelDir);
  }

  /** {@code options} with the remapping its card asks for (unchanged when there is no card). */
  public static HostOptions withCard(HostOptions options, Path savedModelDir) {
    Path card = savedModelDir.resolve(ModelCard.FILE_NEXT_TO_MODEL);
    if (Files.isRegularFile(card)) {
      options = options.withRemapping(ModelCard.read(card).remapping());
    }
    return options;
  }

  /** The models loaded now, each with the options it was loaded with. */
  public static List<LoadedModel> loaded() {
    return List.copyOf(MODELS.values());
  }

  /** Closes every loaded model (also run at JVM shutdown). */
  public static void closeAll() {
    DEFAULTS.clear();
    for (LoadedModel model : List.copyOf(MODELS.values())) {
      model.close();
    }
  }

  private static LoadedModel load(Key key) {
    Path dir = key.dir();
    HostOptions options = key.options();
    long start = System.nanoTime();
    MetaGraphDef meta = readServingMetaGraph(dir);
    OpAllowlist.check(meta, dir.toString());
    SignatureDef signature = meta.getSignatureDefMap().get(LoadedModel.SIGNATURE);
    if (signature == null) {
      throw new IllegalArgumentException(dir + ": no signature '" + LoadedModel.SIGNATURE
          + "' (has " + meta.getSignatureDefMap().keySet() + ")");
    }
    SavedModelBundle bundle = SavedModelBundle.loader(dir.toString())
        .withTags("serve").withConfigProto(options.toConfigProto()).load();
    LOG.info("loaded {} in {} ms ({})", dir, (System.nanoTime() - start) / 1_000_000, options);
    return new LoadedModel(dir, options, bundle, signature, () -> MODELS.remove(key));
  }

  /** The MetaGraph tagged {@code serve}, read from saved_model.pb without running anything. */
  public static MetaGraphDef readServingMetaGraph(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    SavedModel saved;
    try (InputStream in = Files.newInputStream(pb)) {
      com.google.protobuf.CodedInputStream coded = com.google.protobuf.CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      saved = SavedModel.parseFrom(coded);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(pb + ": missing; not a SavedModel folder", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(pb + ": not a readable SavedModel: " + e.getMessage(), e);
    }
    return saved.getMetaGraphsList().stream()
        .filter(m -> m.getMetaInfoDef().getTagsList().contains("serve"))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(pb + ": no MetaGraph tagged 'serve'"));
  }
}
