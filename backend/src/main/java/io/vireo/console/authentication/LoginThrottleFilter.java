package io.vireo.console.authentication;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import io.vireo.console.audit.AuditLog;
import io.vireo.console.audit.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Refuses sign-in attempts for a locked user name or address before the password is even checked. */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final AuditLog audit;

    LoginThrottleFilter(LoginThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/login"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = request.getParameter("username");
        if (throttle.isLocked(username, request.getRemoteAddr())) {
            audit.record(username == null ? "?" : username, "login", "User", null,
                    "Refused: too many failed sign-ins", Outcome.DENIED);
            response.sendRedirect(request.getContextPath() + "/login?locked");
            return;
        }
        chain.doFilter(request, response);
    }
}
