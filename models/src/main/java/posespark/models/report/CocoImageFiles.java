package posespark.models.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The {@code images[].id → file_name} map of a COCO JSON file (streamed; annotations skipped). */
public final class CocoImageFiles {

  private CocoImageFiles() {}

  public static Map<Long, String> read(Path cocoJson) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<Long, String> out = new HashMap<>();
    try (JsonParser p = mapper.getFactory().createParser(cocoJson.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(cocoJson + ": not a COCO JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("images")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode image = mapper.readTree(p);
          if (!image.has("id") || !image.has("file_name")) {
            throw new IOException(cocoJson + ": an images entry lacks id or file_name: " + image);
          }
          out.put(image.get("id").asLong(), image.get("file_name").asText());
        }
      }
    }
    return out;
  }
}
