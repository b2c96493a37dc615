# The worker image. It drives the Docker engine of its host through the mounted socket, which is
# root-equivalent on that host: run it only on hosts dedicated to jobs.
# Build the jar first: ./mvnw -B -DskipTests package. BASE: any Java 25 runtime image with bash
# (deploy/docker/offline-jre-image.sh makes one where no registry is reachable).
ARG BASE=eclipse-temurin:25-jre
FROM ${BASE} AS layers
WORKDIR /layers
COPY build-worker/target/build-worker.jar build-worker.jar
# Extracted into layers with a plain class path (no launcher): the AOT cache below needs one.
RUN java -Djarmode=tools -jar build-worker.jar extract --layers --destination extracted

FROM ${BASE}
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# The JVM options of every other start (deploy/jvm.env), and the AOT cache, made here by this image's
# JVM with these options and this class path, since a cache works only with the JVM that made it
# (as deploy/aot-cache.sh does for the scripts, but with nothing beyond java and bash, which is all
# the offline base has). The training run stops once the context is refreshed: it needs no broker,
# Redis or Docker. The check run fails the build when the JVM would not use the cache.
COPY deploy/jvm.env /app/deploy/
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
RUN ["bash", "-c", "source deploy/jvm.env && train=(-Dspring.context.exit=onRefresh -jar build-worker.jar --server.port=0) \
  && { java $SLIPWAY_JVM_OPTS -XX:AOTCacheOutput=build-worker.aot \"${train[@]}\" >/tmp/training.log 2>&1 || { echo \"$(</tmp/training.log)\"; exit 1; }; } \
  && { java $SLIPWAY_JVM_OPTS -XX:AOTCache=build-worker.aot -XX:AOTMode=on \"${train[@]}\" >/tmp/check.log 2>&1 || { echo \"$(</tmp/check.log)\"; exit 1; }; } \
  && : >/tmp/training.log && : >/tmp/check.log"]
# Runs as root in the container: the socket's group differs from host to host, and access to it
# is root-equivalent anyway. Nothing else of the host is mounted.
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8081} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# SIGTERM drains (drain-timeout 30 s, then hand-back): stop with a timeout of 90 s.
STOPSIGNAL SIGTERM
# The heap is a share of the container's memory (JAVA_TOOL_OPTIONS) rather than jvm.env's -Xmx.
ENTRYPOINT ["bash", "-c", "set -a && source deploy/jvm.env && set +a && exec java $SLIPWAY_JVM_OPTS -XX:AOTCache=build-worker.aot -jar build-worker.jar \"$@\"", "--"]
