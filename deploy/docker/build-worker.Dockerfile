# The worker image. It drives the Docker engine of its host through the mounted socket, which is
# root-equivalent on that host: run it only on hosts dedicated to jobs.
# Build the jar first: ./mvnw -B -DskipTests package. BASE: any Java 25 runtime image with bash
# (deploy/docker/offline-jre-image.sh makes one where no registry is reachable).
ARG BASE=eclipse-temurin:25-jre
FROM ${BASE} AS layers
WORKDIR /layers
COPY build-worker/target/build-worker.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${BASE}
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# Runs as root in the container: the socket's group differs from host to host, and access to it
# is root-equivalent anyway. Nothing else of the host is mounted.
EXPOSE 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8081} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# SIGTERM drains (drain-timeout 30 s, then hand-back): stop with a timeout of 90 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
