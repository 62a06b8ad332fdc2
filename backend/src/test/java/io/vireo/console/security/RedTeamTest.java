package io.vireo.console.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import io.vireo.console.MovableClock;

/**
 * The red-team suite's console: a real server on a random port (WebSockets, bearer tokens and parallel
 * requests go through Tomcat as an attacker's would) plus MockMvc for the sweeps, on a database of its
 * own, with a clock tests may move ahead. Every class with exactly this annotation shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:vireo-red-team;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(MovableClock.RealTime.class)
@interface RedTeamTest {
}
