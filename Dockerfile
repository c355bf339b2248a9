# Build: docker build -t sahha-cx-bridge .
# Run:   docker run -p 8080:8080 -e SAHHA_WEBHOOK_SECRET=... -e CIO_SITE_ID=... -e CIO_API_KEY=... \
#          -v bridge-data:/data sahha-cx-bridge
# (the management port 8081 stays inside the container unless you publish it: see the README's "Deploy it")

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
COPY config config
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:25-jre
# a fixed uid, so that Kubernetes' runAsNonRoot can check it (deploy/kubernetes/deployment.yaml runs as 10001)
RUN groupadd --system --gid 10001 bridge && useradd --system --uid 10001 --gid bridge --home-dir /app bridge \
    && mkdir -p /app /data && chown bridge:bridge /data
WORKDIR /app
# routes/ and config/ beside the jar: mount over them to change routes or settings without rebuilding
COPY routes routes
COPY config config
# heap: 44 % of the container's memory (225 MB of 512 MB), as the JVM's own memory is about as much again;
# a 10 ms pause goal, which is what the ACK's p99 is made of; native memory the C library keeps after use handed
# back every second. The AOT cache below is trained with these options and is only taken with compatible ones.
ENV BRIDGE_JVM_OPTIONS="-XX:MaxRAMPercentage=44 -XX:MaxGCPauseMillis=10 -XX:TrimNativeHeapInterval=1000"
# the jar laid out as app.jar + lib/, and its AOT cache trained on webhooks and deliveries (docker/aot-cache.sh:
# the benchmarks run the same script), so that a new container takes webhooks at close to its warm speed
COPY docker/aot-cache.sh /tmp/aot-cache.sh
COPY --from=build /src/target/sahha-cx-bridge.jar /tmp/sahha-cx-bridge.jar
RUN /tmp/aot-cache.sh /tmp/sahha-cx-bridge.jar /app && rm /tmp/aot-cache.sh /tmp/sahha-cx-bridge.jar
ENV BRIDGE_DATA_DIR=/data SERVER_PORT=8080 MANAGEMENT_PORT=8081 \
    JAVA_TOOL_OPTIONS="${BRIDGE_JVM_OPTIONS} -XX:AOTCache=/app/app.aot"
VOLUME /data
EXPOSE 8080 8081
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200' <&3"]
ENTRYPOINT ["java", "-jar", "app.jar"]
