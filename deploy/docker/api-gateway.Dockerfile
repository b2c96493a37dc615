# The gateway image: the Boot jar, unpacked into layers so a code change rebuilds only the last one.
# Build the jar first: ./mvnw -B -DskipTests package. BASE: any Java 25 runtime image with bash
# (deploy/docker/offline-jre-image.sh makes one where no registry is reachable).
ARG BASE=eclipse-temurin:25-jre
FROM ${BASE} AS layers
WORKDIR /layers
COPY api-gateway/target/api-gateway.jar api-gateway.jar
# Extracted into layers with a plain class path (no launcher): the AOT cache below needs one.
RUN java -Djarmode=tools -jar api-gateway.jar extract --layers --destination extracted

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
RUN ["bash", "-c", "source deploy/jvm.env && train=(-Dspring.context.exit=onRefresh -jar api-gateway.jar --server.port=0 --slipway.gateway.auth.admin-token=aot-training-only-0123456789abcdef0123456789) \
  && { java $SLIPWAY_JVM_OPTS -XX:AOTCacheOutput=api-gateway.aot \"${train[@]}\" >/tmp/training.log 2>&1 || { echo \"$(</tmp/training.log)\"; exit 1; }; } \
  && { java $SLIPWAY_JVM_OPTS -XX:AOTCache=api-gateway.aot -XX:AOTMode=on \"${train[@]}\" >/tmp/check.log 2>&1 || { echo \"$(</tmp/check.log)\"; exit 1; }; } \
  && : >/tmp/training.log && : >/tmp/check.log"]
# No state of its own and no need for privileges.
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# The heap is a share of the container's memory (JAVA_TOOL_OPTIONS) rather than jvm.env's -Xmx.
ENTRYPOINT ["bash", "-c", "set -a && source deploy/jvm.env && set +a && exec java $SLIPWAY_JVM_OPTS -XX:AOTCache=api-gateway.aot -jar api-gateway.jar \"$@\"", "--"]
