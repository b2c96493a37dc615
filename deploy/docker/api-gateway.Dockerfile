# The gateway image: the Boot jar, unpacked into layers so a code change rebuilds only the last one.
# Build the jar first: ./mvnw -B -DskipTests package. BASE: any Java 25 runtime image with bash
# (deploy/docker/offline-jre-image.sh makes one where no registry is reachable).
ARG BASE=eclipse-temurin:25-jre
FROM ${BASE} AS layers
WORKDIR /layers
COPY api-gateway/target/api-gateway.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${BASE}
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# No state of its own and no need for privileges.
USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
