package io.vireo.console.api;

import java.util.Optional;
import java.util.stream.Collectors;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.stereotype.Component;

import io.vireo.console.domain.InvalidFieldException;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;

/**
 * Refuses a {@code sort=} the listed objects cannot be ordered by (a property they lack, or a collection such
 * as a VM's disks) before the query runs, which would otherwise fail deep inside Hibernate. Every list hands
 * the request's sort to a repository, so each repository checks it against its entity's JPA metamodel.
 */
@Component
class SortableProperties implements BeanPostProcessor {

    private final ObjectProvider<EntityManagerFactory> entityManagerFactory;

    /** Lazily, because post-processors are made before the beans they would need. */
    SortableProperties(ObjectProvider<EntityManagerFactory> entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> repositories) {
            repositories.addRepositoryFactoryCustomizer(factory -> factory.addRepositoryProxyPostProcessor(
                    (proxy, repository) -> proxy.addAdvice((MethodInterceptor) call -> {
                        for (Object argument : call.getArguments()) {
                            sortOf(argument).ifPresent(sort -> check(repository.getDomainType(), sort));
                        }
                        return call.proceed();
                    })));
        }
        return bean;
    }

    private static Optional<Sort> sortOf(Object argument) {
        if (argument instanceof Pageable pageable) {
            return Optional.of(pageable.getSort());
        }
        return argument instanceof Sort sort ? Optional.of(sort) : Optional.empty();
    }

    private void check(Class<?> entity, Sort sort) {
        Metamodel model = entityManagerFactory.getObject().getMetamodel();
        for (Sort.Order order : sort) {
            if (!sortable(model, entity, order.getProperty())) {
                throw new InvalidFieldException("sort", "The list cannot be sorted by " + order.getProperty()
                        + "; sort by one of " + basicAttributes(model.managedType(entity)));
            }
        }
    }

    /** A path of single-valued attributes ({@code name}, {@code team.name}) ending at a plain value. */
    private static boolean sortable(Metamodel model, Class<?> entity, String path) {
        ManagedType<?> type = model.managedType(entity);
        String[] steps = path.split("\\.", -1);
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            Optional<? extends Attribute<?, ?>> attribute = type.getAttributes().stream()
                    .filter(a -> a.getName().equals(step)).findFirst();
            if (attribute.isEmpty() || attribute.get().isCollection()) {
                return false;
            }
            boolean last = i == steps.length - 1;
            if (last) {
                return attribute.get().getPersistentAttributeType() == Attribute.PersistentAttributeType.BASIC;
            }
            if (attribute.get().getPersistentAttributeType() == Attribute.PersistentAttributeType.BASIC) {
                return false;
            }
            type = model.managedType(attribute.get().getJavaType());
        }
        return false;
    }

    private static String basicAttributes(ManagedType<?> type) {
        return type.getAttributes().stream()
                .filter(a -> a.getPersistentAttributeType() == Attribute.PersistentAttributeType.BASIC)
                .map(Attribute::getName).sorted().collect(Collectors.joining(", "));
    }
}
