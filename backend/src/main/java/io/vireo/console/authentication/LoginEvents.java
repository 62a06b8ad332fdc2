package io.vireo.console.authentication;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Outcome;

/** Feeds sign-in outcomes to the throttle and the audit log. */
@Component
class LoginEvents {

    private final LoginThrottle throttle;
    private final AuditLog audit;

    LoginEvents(LoginThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent failure) {
        Authentication attempt = failure.getAuthentication();
        throttle.failed(attempt.getName(), address(attempt));
        audit.record(attempt.getName(), "login", "User", null, failure.getException().getMessage(), Outcome.FAILED);
    }

    @EventListener
    void on(InteractiveAuthenticationSuccessEvent success) {
        throttle.succeeded(success.getAuthentication().getName());
        audit.record(success.getAuthentication().getName(), "login", "User", null, null, Outcome.SUCCEEDED);
    }

    private static String address(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "?";
    }
}
