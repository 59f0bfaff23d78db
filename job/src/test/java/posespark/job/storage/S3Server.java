package posespark.job.storage;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A real S3-compatible server (S3Proxy, objects in its memory, AWS signature v2/v4 checked) in a
 * separate JVM on 127.0.0.1, with one bucket, for tests. Clients reach it through Hadoop's s3a
 * connector with the settings of {@link #hadoopSettings()} (endpoint, path-style access, static
 * credentials), which are those a user sets for any S3-compatible store.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start(tmp.resolve("s3"))) {
 *   s3.configure(spark);
 *   String output = s3.uri("/tables");  // s3a://BUCKET/tables
 * }
 * }</pre>
 *
 * Each server has its own bucket name, so that Hadoop's per-bucket file system cache never hands
 * one server's client to another.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "posespark-test";
  public static final String SECRET_KEY = "posespark-test-secret";

  private final ServerProcess process;
  private final String endpoint;
  private final String bucket;

  private S3Server(ServerProcess process, String endpoint, String bucket) {
    this.process = process;
    this.endpoint = endpoint;
    this.bucket = bucket;
  }

  /** Starts S3Proxy with its blobs under {@code dir}; returns once it accepts connections. */
  public static S3Server start(Path dir) {
    int port = ServerProcess.freePort();
    String bucket = String.format(Locale.ROOT, "posespark-%d-%04x", port,
        ThreadLocalRandom.current().nextInt(1 << 16));
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = dir.resolve("s3proxy.properties");
    try {
      Files.createDirectories(dir);
      Files.write(properties, List.of(
          "s3proxy.endpoint=" + endpoint,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + ACCESS_KEY,
          "s3proxy.credential=" + SECRET_KEY,
          // In memory: jclouds' filesystem stores fail on S3A's directory-marker objects.
          "jclouds.provider=transient",
          "jclouds.identity=local",
          "jclouds.credential=local"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path jar = ServerProcess.serverJars("s3proxy").resolve(jarName());
    ServerProcess process = ServerProcess.start("S3 test server", dir,
        List.of("-cp", ServerProcess.testClasses() + java.io.File.pathSeparator + jar,
            StdinWatchdog.class.getName(), "org.gaul.s3proxy.Main", "--properties", properties.toString()));
    process.awaitReady(() -> accepts(port), Duration.ofSeconds(60));
    S3Server server = new S3Server(process, endpoint, bucket);
    try {
      server.client().createBucket(bucket);
    } catch (RuntimeException e) {
      server.close();
      throw new IllegalStateException("cannot create bucket " + bucket + "; log:\n" + process.logTail(), e);
    }
    return server;
  }

  private static String jarName() {
    try (var files = Files.list(ServerProcess.serverJars("s3proxy"))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("s3proxy-") && n.endsWith("-jar-with-dependencies.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("no s3proxy jar in test-servers"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code http://127.0.0.1:PORT} */
  public String endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  /** {@code s3a://BUCKET/path} */
  public String uri(String path) {
    return "s3a://" + bucket + (path.startsWith("/") ? "" : "/") + path;
  }

  /** The keys of the objects the server holds under {@code prefix} (asked with the AWS SDK, not s3a). */
  public List<String> objectKeys(String prefix) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request = new ListObjectsV2Request().withBucketName(bucket).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = client().listObjectsV2(request);
      page.getObjectSummaries().forEach(o -> keys.add(o.getKey()));
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return keys;
  }

  private AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The s3a settings that reach this server (as a user sets them for any S3-compatible store). */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint);
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    // Fail fast in tests instead of retrying for minutes.
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    s.put("fs.s3a.connection.establish.timeout", "5000");
    return s;
  }

  /** Adds {@link #hadoopSettings()} to a Hadoop configuration. */
  public Configuration configure(Configuration conf) {
    hadoopSettings().forEach(conf::set);
    return conf;
  }

  /** Adds {@link #hadoopSettings()} to the session's Hadoop configuration (drivers and tasks). */
  public void configure(SparkSession spark) {
    configure(spark.sparkContext().hadoopConfiguration());
  }

  /** The same settings as {@code spark.hadoop.*} Spark properties (for spark-submit --conf). */
  public Map<String, String> sparkSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    hadoopSettings().forEach((k, v) -> s.put("spark.hadoop." + k, v));
    return s;
  }

  @Override
  public void close() {
    process.close();
  }
}
