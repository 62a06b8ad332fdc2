package io.vireo.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The full console as {@link ConsoleTest} has it, but with a {@link io.vireo.console.engine.FakeHostDriver} in
 * place of the engine and a {@link MovableClock}: power handling, shutdown timeouts and crashes are checked in
 * moments, without booting a guest. Its own in-memory database keeps its VMs apart from the real engine's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:vireo-fake-engine;DB_CLOSE_DELAY=-1")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(FakeEngineConfiguration.class)
public @interface FakeEngineTest {
}
