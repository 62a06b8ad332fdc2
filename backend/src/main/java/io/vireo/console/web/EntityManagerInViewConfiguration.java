package io.vireo.console.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.persistence.EntityManagerFactory;

/**
 * Pages render entities' associations after the service call, so a request keeps its entity manager
 * open — except event streams: they live for minutes, and an entity manager held that long would hold
 * a pooled database connection with it. (Replaces Boot's own, which cannot exclude paths.)
 */
@Configuration(proxyBeanMethods = false)
class EntityManagerInViewConfiguration implements WebMvcConfigurer {

    static final String EVENT_STREAMS = "/api/v1/tasks/events";

    private final ObjectProvider<EntityManagerFactory> entityManagerFactory;

    /** Optional so web-layer test slices, which have no JPA, still start. */
    EntityManagerInViewConfiguration(ObjectProvider<EntityManagerFactory> entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        entityManagerFactory.ifAvailable(factory -> {
            OpenEntityManagerInViewInterceptor interceptor = new OpenEntityManagerInViewInterceptor();
            interceptor.setEntityManagerFactory(factory);
            registry.addWebRequestInterceptor(interceptor).excludePathPatterns(EVENT_STREAMS);
        });
    }
}
