package io.vireo.console.persistence;


import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.vireo.console.ConsoleTest;

/**
 * The console on a real PostgreSQL server: the Flyway migrations, the entity mappings and the queries
 * behind every list (filters, paging, the audit search) run there exactly as on H2.
 */
@ConsoleTest
@ExtendWith(PostgresqlDatabase.class)
class PostgresqlIntegrationTest extends PostgresqlJourney {

    @DynamicPropertySource
    static void postgresql(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", PostgresqlDatabase::url);
        registry.add("spring.datasource.username", PostgresqlDatabase::user);
        registry.add("spring.datasource.password", PostgresqlDatabase::password);
    }
}
