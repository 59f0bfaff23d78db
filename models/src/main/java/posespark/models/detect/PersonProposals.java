package posespark.models.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where person boxes come from when a request brings none: one detector, or several whose boxes
 * are fused. Written as an id, {@code centernet} or {@code centernet+nanodet+multipose/wbf}, which
 * is also how {@code PipelineConfig.detector} holds it.
 *
 * @param detectors detector names ({@link ZooDetectors#SUPPORTED}), in order, no repeats
 * @param fusion    how several detectors' boxes become one list (unused for one detector)
 */
public record PersonProposals(List<String> detectors, BoxFusion fusion) {

  public PersonProposals {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("--detectors needs at least one detector");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String d : detectors) {
      if (!ZooDetectors.SUPPORTED.contains(d)) {
        throw new IllegalArgumentException("unknown detector '" + d + "' (supported: "
            + String.join(", ", ZooDetectors.SUPPORTED) + ")");
      }
      if (!seen.add(d)) {
        throw new IllegalArgumentException("detector listed twice: " + d);
      }
    }
    detectors = List.copyOf(detectors);
  }

  /** From an id such as {@code centernet} or {@code centernet+nanodet/wbf}. */
  public static PersonProposals parse(String id) {
    String names = id.strip();
    BoxFusion fusion = BoxFusion.WBF;
    int slash = names.indexOf('/');
    if (slash >= 0) {
      fusion = BoxFusion.parse(names.substring(slash + 1));
      names = names.substring(0, slash);
    }
    return of(List.of(names.split("[+,]")), fusion);
  }

  /** From a list of names (blank ones ignored) and a fusion. */
  public static PersonProposals of(List<String> names, BoxFusion fusion) {
    List<String> clean = new ArrayList<>();
    for (String n : names) {
      if (!n.isBlank()) {
        clean.add(n.strip());
      }
    }
    return new PersonProposals(clean, fusion);
  }

  /** The id {@link #parse} reads back; a single detector is just its name. */
  public String id() {
    return detectors.size() == 1 ? detectors.get(0) : String.join("+", detectors) + "/" + fusion.id();
  }
}
