package io.vireo.console;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.vireo.console.engine.FakeApplianceFactory;
import io.vireo.console.engine.FakeHostDriver;

/**
 * The fake host, the appliance builder that fakes the long one (debian) and the movable clock of
 * {@link FakeEngineTest}; the real engine's beans stay, unused.
 */
@TestConfiguration(proxyBeanMethods = false)
class FakeEngineConfiguration {

    @Bean
    @Primary
    FakeHostDriver fakeHostDriver(ApplicationEventPublisher events) {
        return new FakeHostDriver(events);
    }

    @Bean
    @Primary
    FakeApplianceFactory fakeApplianceFactory() {
        return new FakeApplianceFactory();
    }

    @Bean
    @Primary
    MovableClock movableClock() {
        return new MovableClock(Instant.now());
    }
}
