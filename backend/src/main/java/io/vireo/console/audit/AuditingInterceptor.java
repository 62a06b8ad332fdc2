package io.vireo.console.audit;

import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

import io.vireo.console.domain.NotFoundException;

/** Records every {@link Audited} call with who, what, when and how it ended. */
class AuditingInterceptor implements MethodInterceptor {

    private final AuditLog log;

    AuditingInterceptor(AuditLog log) {
        this.log = log;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        Audited audited = method.getAnnotation(Audited.class);
        String actor = AuditLog.currentActor();
        Long argumentId = longArgument(invocation.getArguments(), audited.idArgument());
        try {
            Object result = invocation.proceed();
            Long id = result instanceof AuditTarget target ? target.getId() : argumentId;
            log.record(actor, audited.action(), audited.target(), id, null, Outcome.SUCCEEDED);
            return result;
        } catch (AccessDeniedException | NotFoundException | AuthenticationException e) {
            log.record(actor, audited.action(), audited.target(), argumentId, e.getMessage(), Outcome.DENIED);
            throw e;
        } catch (RuntimeException e) {
            log.record(actor, audited.action(), audited.target(), argumentId, e.getMessage(), Outcome.FAILED);
            throw e;
        }
    }

    private static Long longArgument(Object[] arguments, int index) {
        int seen = 0;
        for (Object argument : arguments) {
            if (argument instanceof Long id && seen++ == index) {
                return id;
            }
        }
        return null;
    }
}
