# Shared by the launchers in submit/: locate the repo, build once, run a Java main or a Spark job.
# Sourced, not executed.

POSESPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export POSESPARK_HOME

# Spark's own --add-opens list (JavaModuleOptions): Spark and Arrow need them on Java 17.
POSESPARK_JAVA_OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"

# TensorFlow's native INFO lines (SavedModel reader, CPU feature notice) drown the job's own output.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

posespark_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Builds the jars (once, or when a source is newer than the last build) without running tests.
posespark_build() {
  local stamp="$POSESPARK_HOME/job/target/.posespark-built"
  if [ -f "$stamp" ] && [ -z "$(find "$POSESPARK_HOME"/{models,udf,job}/src/main "$POSESPARK_HOME"/{pom.xml,models/pom.xml,udf/pom.xml,job/pom.xml} -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || posespark_die "Maven (mvn) is needed to build posespark; install it (apt-get install maven)"
  echo "building posespark (first run or sources changed) ..." >&2
  # Debian's Maven prints bare colour resets even with -B -q; strip them so output stays clean.
  (set -o pipefail; cd "$POSESPARK_HOME" && mvn -B -q -DskipTests package 2>&1 | sed 's/\x1b\[0m//g' >&2) \
    || posespark_die "build failed (see Maven's output above)"
  touch "$stamp"
}

posespark_app_classpath() {
  local cp="$POSESPARK_HOME/job/target/classes"
  cp="$cp:$(ls "$POSESPARK_HOME"/job/target/app-lib/*.jar | tr '\n' ':')"
  echo "${cp%:}"
}

posespark_spark_classpath() {
  if [ -n "${SPARK_HOME:-}" ]; then
    echo "$SPARK_HOME/jars/*"
  else
    echo "$POSESPARK_HOME/job/target/spark-jars/*"
  fi
}

# Runs a plain Java main (no Spark) from the models module: posespark_java CLASS ARGS...
# Logging goes through the same Log4j 2 binding Spark uses (taken from spark-jars), so SLF4J lines
# of the models code are printed instead of dropped for want of a provider.
posespark_java() {
  local main="$1"; shift
  posespark_build
  local logging
  logging="$(ls "$POSESPARK_HOME"/job/target/spark-jars/log4j-{api,core,slf4j2-impl}-*.jar 2>/dev/null | tr '\n' ':')"
  exec java ${POSESPARK_JAVA_OPTS:-} $POSESPARK_JAVA_OPENS \
    -Dlog4j2.configurationFile="$POSESPARK_HOME/conf/log4j2-cli.properties" \
    -cp "$(posespark_app_classpath):${logging%:}" "$main" "$@"
}

# Submits a Spark application: posespark_spark_submit CLASS ARGS...
# --master URL among ARGS goes to spark-submit (default local[*]); everything else to the app.
# With SPARK_HOME set its bin/spark-submit is used; otherwise Spark's SparkSubmit from the Maven jars.
posespark_spark_submit() {
  local main="$1"; shift
  local master="${POSESPARK_MASTER:-local[*]}" app_args=() spark_confs=() extra_jars=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --master) [ $# -ge 2 ] || posespark_die "--master needs a URL"; master="$2"; shift 2 ;;
      --master=*) master="${1#--master=}"; shift ;;
      --spark-conf) [ $# -ge 2 ] || posespark_die "--spark-conf needs KEY=VALUE"; spark_confs+=(--conf "$2"); shift 2 ;;
      --spark-jar) [ $# -ge 2 ] || posespark_die "--spark-jar needs a jar"; extra_jars="$extra_jars,$2"; shift 2 ;;
      *) app_args+=("$1"); shift ;;
    esac
  done
  posespark_build
  local app_jar jars
  app_jar="$(ls "$POSESPARK_HOME"/job/target/posespark-job-*.jar | head -n 1)"
  jars="$(ls "$POSESPARK_HOME"/job/target/app-lib/*.jar | tr '\n' ',')"
  local driver_opts="${POSESPARK_DRIVER_OPTS:-} $POSESPARK_JAVA_OPENS"
  local common=(--master "$master" --class "$main" --jars "${jars%,}$extra_jars"
    --conf "spark.driver.extraJavaOptions=$driver_opts"
    --conf "spark.executor.extraJavaOptions=$POSESPARK_JAVA_OPENS"
    --conf "spark.executorEnv.TF_CPP_MIN_LOG_LEVEL=$TF_CPP_MIN_LOG_LEVEL"
    --conf "spark.ui.showConsoleProgress=false"
    "${spark_confs[@]}")
  if [ -n "${SPARK_HOME:-}" ]; then
    exec "$SPARK_HOME/bin/spark-submit" "${common[@]}" "$app_jar" "${app_args[@]}"
  fi
  export SPARK_SCALA_VERSION=2.12
  # Jars Spark shares with the app (slf4j-api, jackson-databind) resolve as the app's compile
  # dependencies, so spark-jars lacks them: app-lib completes SparkSubmit's classpath.
  exec java -Xmx"${POSESPARK_DRIVER_MEMORY:-4g}" $driver_opts \
    -cp "$(posespark_spark_classpath):$POSESPARK_HOME/job/target/app-lib/*" org.apache.spark.deploy.SparkSubmit \
    "${common[@]}" "$app_jar" "${app_args[@]}"
}
