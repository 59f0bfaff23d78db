# Executor (and driver) image for posespark on Kubernetes or any container runtime.
# Build context: the repository after `mvn -B -Passembly -DskipTests package`, with an unpacked
# Spark 3.5 binary distribution (Scala 2.12, Hadoop 3) in ./spark and the converted model zoo in
# ./out/models (`cp -r ~/.cache/posespark/models out/models`). See submit/README.md.
#   CPU:  docker build -t posespark:0.1.0 .
#   CUDA: mvn -B -Pgpu,assembly -DskipTests package, then
#         docker build --build-arg BASE=nvidia/cuda:12.3.2-cudnn9-runtime-ubuntu22.04 -t posespark:0.1.0-cuda .
ARG BASE=debian:bookworm-slim
FROM ${BASE}

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless bash tini procps \
 && rm -rf /var/lib/apt/lists/*

ENV SPARK_HOME=/opt/spark \
    POSESPARK_HOME=/opt/posespark \
    POSESPARK_CACHE=/opt/posespark/cache \
    SPARK_SCALA_VERSION=2.12 \
    TF_CPP_MIN_LOG_LEVEL=2

# Spark itself: its jars, launch scripts and the Kubernetes entry point (driver | executor).
COPY spark/jars /opt/spark/jars
COPY spark/bin /opt/spark/bin
COPY spark/sbin /opt/spark/sbin
COPY spark/kubernetes/dockerfiles/spark/entrypoint.sh /opt/entrypoint.sh
COPY spark/kubernetes/dockerfiles/spark/decom.sh /opt/decom.sh

# posespark: the application assembly, its configuration and GPU discovery script, the models.
COPY job/target/posespark-assembly-0.1.0-SNAPSHOT.jar /opt/posespark/posespark-assembly.jar
COPY conf /opt/posespark/conf
COPY out/models /opt/posespark/cache/models

RUN useradd --uid 185 --home-dir /opt/spark --no-create-home spark \
 && mkdir -p /opt/spark/work-dir && chown spark /opt/spark/work-dir \
 && chmod a+rx /opt/entrypoint.sh /opt/decom.sh /opt/posespark/conf/gpu-discovery.sh
WORKDIR /opt/spark/work-dir
USER 185
ENTRYPOINT ["/opt/entrypoint.sh"]
