# Builds the console with the Maven wrapper and runs it on a JRE 25 as an unprivileged user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
COPY db db
COPY frontend frontend
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:25-jre
RUN useradd --system --home /var/lib/mailward --create-home mailward \
    && apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
USER mailward
WORKDIR /var/lib/mailward
COPY --from=build /src/target/mailward.jar /opt/mailward/mailward.jar
ENV MAILWARD_DATA_DIR=/var/lib/mailward
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/mailward/mailward.jar"]
