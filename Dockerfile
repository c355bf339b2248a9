# Build: docker build -t sahha-cx-bridge .
# Run:   docker run -p 8080:8080 -p 8081:8081 -e SAHHA_WEBHOOK_SECRET=... -e CIO_SITE_ID=... -e CIO_API_KEY=... \
#          -v bridge-data:/data sahha-cx-bridge

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
COPY config config
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system bridge && useradd --system --gid bridge --home-dir /app bridge \
    && mkdir -p /app /data && chown bridge:bridge /data
WORKDIR /app
COPY --from=build /src/target/sahha-cx-bridge.jar app.jar
# routes/ and config/ beside the jar: mount over them to change routes or settings without rebuilding
COPY routes routes
COPY config config
ENV BRIDGE_DATA_DIR=/data SERVER_PORT=8080 MANAGEMENT_PORT=8081
# heap: 44 % of the container's memory (225 MB of 512 MB), as the JVM's own memory is about as much again;
# a 10 ms pause goal, which is what the ACK's p99 is made of; native memory the C library keeps after use handed
# back every second. Replace the variable to change them.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=44 -XX:MaxGCPauseMillis=10 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000"
VOLUME /data
EXPOSE 8080 8081
USER bridge
HEALTHCHECK --interval=30s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200' <&3"]
ENTRYPOINT ["java", "-jar", "app.jar"]
