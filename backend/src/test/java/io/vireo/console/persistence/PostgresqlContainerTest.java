package io.vireo.console.persistence;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.vireo.console.ConsoleTest;

/**
 * The same journey against a throw-away PostgreSQL container, for machines with a Docker engine.
 * Without one, JUnit reports it skipped ("disabledWithoutDocker"); {@link PostgresqlIntegrationTest}
 * covers the real server in CI either way.
 */
@ConsoleTest
@Testcontainers(disabledWithoutDocker = true)
class PostgresqlContainerTest extends PostgresqlJourney {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine");

    @DynamicPropertySource
    static void postgresql(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
    }
}
