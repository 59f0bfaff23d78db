# RAPIDS Accelerator for a launcher's --rapids: checks for a GPU first, fetches the plugin jar
# once (Maven, into the cache), prints the spark-submit additions. Sourced; needs common.sh.

POSESPARK_RAPIDS_ARTIFACT="com.nvidia:rapids-4-spark_2.12:24.12.0"

# posespark_rapids_args: one argument per line (--spark-conf K=V pairs, then the jar for --jars).
posespark_rapids_args() {
  # RAPIDS cannot start without a GPU: refuse before fetching 570 MB.
  if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    posespark_die "--rapids needs an NVIDIA GPU on this machine (nvidia-smi lists none); the RAPIDS Accelerator cannot start without one"
  fi
  local cache="${POSESPARK_CACHE:-$HOME/.cache/posespark}/rapids"
  local jar="$cache/rapids-4-spark_2.12-24.12.0.jar"
  if [ ! -f "$jar" ]; then
    command -v mvn >/dev/null || posespark_die "--rapids fetches $POSESPARK_RAPIDS_ARTIFACT with Maven (mvn)"
    echo "fetching $POSESPARK_RAPIDS_ARTIFACT (about 570 MB, once) ..." >&2
    mkdir -p "$cache"
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="$POSESPARK_RAPIDS_ARTIFACT" -DoutputDirectory="$cache" >&2 \
      || posespark_die "fetching $POSESPARK_RAPIDS_ARTIFACT failed (see Maven's output above)"
  fi
  local line
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    printf -- '--spark-conf\n%s\n' "$line"
  done < "$POSESPARK_HOME/conf/spark-rapids.conf"
  printf -- '--spark-jar\n%s\n' "$jar"
}
