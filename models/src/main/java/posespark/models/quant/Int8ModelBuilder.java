package posespark.models.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodeOptions;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.PosePipelines;
import posespark.models.report.ImageIdHalf;
import posespark.models.report.AccuracyReport;
import posespark.models.report.CocoImageFiles;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.tfjs.SavedModelWriter;
import posespark.models.zoo.AtomicDirectory;

/**
 * Builds the int8 variant of a converted zoo pose model: calibrates the ranges of every convolution
 * layer's input and output on crops of a COCO folder's <b>even</b> image ids (ground-truth boxes, cut
 * and mirrored as the pipeline does, crop scale 1.25), rewrites the graph ({@link Int8Rewrite}; the
 * upsampling decoder and the heads' last convolutions stay fp32) and
 * writes {@code <name>-int8/} with {@code saved_model.pb}, the ranges ({@link ActivationRanges#FILE})
 * and a card derived from the base model's.
 */
public final class Int8ModelBuilder {
  /** Suffix of an int8 variant's name. */
  public static final String SUFFIX = posespark.models.zoo.ModelZoo.DERIVED_SUFFIX;
  private static final Logger LOG = LoggerFactory.getLogger(Int8ModelBuilder.class);
  private static final double CROP_SCALE = 1.25;
  private static final int BATCH = 16;

  /** What was built. */
  public record Summary(Path dir, int layers, int quantized, int chained, int crops, List<String> keptFp32) {}

  private Int8ModelBuilder() {}

  /**
   * @param baseDir     the fp32 SavedModel folder (with its card.conf)
   * @param calibration COCO folder (person_keypoints.json, images/)
   * @param maxCrops    stop calibrating after about this many crops (plain; mirrored twins run too)
   * @param target      the folder to write
   */
  public static Summary build(Path baseDir, Path calibration, int maxCrops, Path target) throws IOException {
    return build(baseDir, calibration, maxCrops, target, null, null);
  }

  /**
   * As {@link #build(Path, Path, int, Path)}, with more layers kept fp32 ({@code keepFp32}: a regular
   * expression on layer output names, null for none) and, when {@code savedRanges} is given, its ranges
   * instead of a new calibration.
   */
  public static Summary build(Path baseDir, Path calibration, int maxCrops, Path target,
      Pattern keepFp32, Path savedRanges) throws IOException {
    Path gtFile = calibration.resolve("person_keypoints.json");
    if (!Files.isRegularFile(gtFile)) {
      throw new IllegalArgumentException(gtFile + ": missing (give a COCO folder with person_keypoints.json and images/)");
    }
    ModelCard card = ModelCard.read(baseDir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    MetaGraphDef meta = ModelHost.readServingMetaGraph(baseDir);
    SignatureDef signature = meta.getSignatureDefMap().get(SavedModelWriter.SIGNATURE);
    GraphDef graph = meta.getGraphDef();
    String input = signature.getInputsMap().get(SavedModelWriter.INPUT_KEY).getName();
    Map<String, String> outputs = new LinkedHashMap<>();
    signature.getOutputsMap().forEach((k, v) -> outputs.put(k, v.getName()));
    List<ConvLayer> layers = ConvLayer.find(graph);

    ActivationRanges ranges;
    int crops = 0;
    if (savedRanges != null) {
      ranges = ActivationRanges.read(savedRanges);
    } else {
      Calibrated calibrated = calibrate(graph, input, outputs, layers, card, calibration, maxCrops);
      ranges = calibrated.ranges();
      crops = calibrated.crops();
      LOG.info("calibrated {} tensors on {} crops (and their mirrored twins)", ranges.size(), crops);
    }

    Set<String> fp32 = headOutputs(graph, layers, outputs);
    fp32.addAll(decoderLayers(graph, layers));
    if (keepFp32 != null) {
      layers.stream().map(ConvLayer::output).filter(n -> keepFp32.matcher(n).find()).forEach(fp32::add);
    }
    Int8Rewrite.Result result = Int8Rewrite.rewrite(graph, ranges, fp32);
    String cardText = derivedCard(Files.readString(baseDir.resolve(ModelCard.FILE_NEXT_TO_MODEL)), card.name(),
        crops, result);
    AtomicDirectory.publish(target, dir -> {
      SavedModelWriter.write(result.graph(), input, outputs, dir);
      ranges.write(dir.resolve(ActivationRanges.FILE));
      Files.writeString(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL), cardText);
    });
    return new Summary(target, layers.size(), result.quantized(), result.chained(), crops, result.keptFp32());
  }

  private record Calibrated(ActivationRanges ranges, int crops) {}

  /** Runs the fp32 graph over the even ids' ground-truth crops (and their mirrored twins), recording ranges. */
  private static Calibrated calibrate(GraphDef graph, String input, Map<String, String> outputs,
      List<ConvLayer> layers, ModelCard card, Path calibration, int maxCrops) throws IOException {
    Path gtFile = calibration.resolve("person_keypoints.json");
    int crops = 0;
    try (RangeCalibration calib = new RangeCalibration(graph, input, outputs,
        Int8Rewrite.calibrationTensors(layers), HostOptions.defaults().toConfigProto());
        ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      MemberRunner member = new MemberRunner(ZooMembers.spec(card), calib, PosePipelines.COMMON_GRID, BATCH);
      CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
      AccuracyReport.ImageLoader loader = AccuracyReport.decoding(decoder, calibration.resolve("images"),
          CocoImageFiles.read(gtFile));
      List<CropJob> jobs = new ArrayList<>();
      for (long id : gt.imageIds()) {
        if (!ImageIdHalf.EVEN.test(id) || crops >= maxCrops) {
          continue; // even ids calibrate; odd ids are held back for the accuracy check
        }
        List<Box> boxes = AccuracyReport.groundTruthBoxes(gt.annotations(id));
        if (boxes.isEmpty()) {
          continue;
        }
        DecodedImage image = loader.load(id);
        for (Box b : boxes) {
          jobs.add(new CropJob(image, CropWindow.around(b, member.spec().aspect(), CROP_SCALE)));
          crops++;
        }
        if (jobs.size() >= BATCH / 2) {
          member.run(jobs, true);
          jobs.clear();
        }
      }
      if (!jobs.isEmpty()) {
        member.run(jobs, true);
      }
      if (crops == 0) {
        throw new IllegalArgumentException(calibration + ": no even image id with a labelled person to calibrate on");
      }
      return new Calibrated(calib.ranges(), crops);
    }
  }

  /** Layers whose output is a model output or feeds a Sigmoid: the heads' last convolutions. */
  static Set<String> headOutputs(GraphDef graph, List<ConvLayer> layers, Map<String, String> outputs) {
    Set<String> read = new HashSet<>();
    outputs.values().forEach(t -> read.add(ConvLayer.nodeName(t)));
    for (NodeDef n : graph.getNodeList()) {
      if (n.getOp().equals("Sigmoid")) {
        n.getInputList().forEach(in -> read.add(ConvLayer.nodeName(in)));
      }
    }
    Set<String> heads = new HashSet<>();
    for (ConvLayer l : layers) {
      if (read.contains(l.output())) {
        heads.add(l.output());
      }
    }
    return heads;
  }

  /**
   * The layers of an upsampling decoder (MoveNet's FPN and heads): those downstream of a
   * {@code ResizeBilinear}, and the lateral layers whose output is resized or added to a resized
   * tensor. Calibrated on the even ids of coco-train-dev, int8 there cost movenet-thunder about 2.6 AP
   * (flip, prior) while the backbone alone in int8 cost nothing measurable, so they stay fp32.
   */
  static Set<String> decoderLayers(GraphDef graph, List<ConvLayer> layers) {
    Map<String, List<NodeDef>> consumers = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(ConvLayer.nodeName(in), k -> new ArrayList<>()).add(n);
      }
    }
    Set<String> downstream = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>();
    for (NodeDef n : graph.getNodeList()) {
      if (n.getOp().equals("ResizeBilinear")) {
        todo.add(n.getName());
      }
    }
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (downstream.add(name)) {
        consumers.getOrDefault(name, List.of()).forEach(c -> todo.add(c.getName()));
      }
    }
    Set<String> decoder = new HashSet<>();
    for (ConvLayer l : layers) {
      boolean lateral = consumers.getOrDefault(l.output(), List.of()).stream().anyMatch(c -> c.getOp().equals("ResizeBilinear")
          || c.getOp().startsWith("Add") && c.getInputList().stream().anyMatch(in -> downstream.contains(ConvLayer.nodeName(in))));
      if (lateral || downstream.contains(l.output())) {
        decoder.add(l.output());
      }
    }
    return decoder;
  }

  /** The base card renamed, with a section saying how the variant was made. */
  static String derivedCard(String baseCard, String baseName, int crops, Int8Rewrite.Result result) {
    String renamed = baseCard.replaceFirst("(?m)^name = .*$", "name = " + baseName + SUFFIX);
    return "# int8 variant of " + baseName + " made by `submit/models quantize " + baseName + "`.\n" + renamed
        + String.format(Locale.ROOT, "%nquantization {%n  base = %s%n  ranges = %s%n"
            + "  calibration = \"%s\"%n"
            + "  int8-layers = %d%n  int8-chained = %d%n  fp32-layers = %d%n}%n",
            baseName, ActivationRanges.FILE, crops > 0 ? crops + " ground-truth crops (+ mirrored) of even image ids"
                : "ranges reused from a saved " + ActivationRanges.FILE, result.quantized(), result.chained(), result.keptFp32().size());
  }
}
