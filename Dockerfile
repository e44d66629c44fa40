# syntax=docker/dockerfile:1
# Build with the Maven wrapper on a JDK, run on a JRE 21 (virtual threads available at run time).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY db-migrations db-migrations
COPY frontend-assets frontend-assets
RUN ./mvnw -B -q package -DskipTests && cp target/atelier-*.jar /src/atelier.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system atelier && useradd --system --gid atelier --home-dir /app atelier \
    && mkdir -p /app /data && chown atelier:atelier /app /data \
    && apt-get update && apt-get install -y --no-install-recommends curl fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/atelier.jar /app/atelier.jar
USER atelier
ENV ATELIER_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.awt.headless=true -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Dcom.zaxxer.hikari.aliveBypassWindowMs=5000"
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/app/atelier.jar"]
