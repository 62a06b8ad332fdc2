package io.vireo.console.authentication;

import java.io.IOException;
import java.util.Optional;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates {@code Authorization: Bearer vireo_…} requests to the API. The token is checked on every
 * request against its owner's current state, so revoking it or disabling the owner stops it at once. Such
 * requests create no session. Pages and the console WebSocket ignore the header: they need the browser's
 * signed-in session, so a leaked token never opens a VM's screen and keyboard.
 */
class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokenService tokens;
    private final UserDetailsService users;

    ApiTokenAuthenticationFilter(ApiTokenService tokens, UserDetailsService users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** An API request that carries a bearer token: the only kind this filter authenticates. */
    static boolean isBearerApiCall(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return ProblemResponses.isApi(request) && header != null
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isBearerApiCall(request)) {
            chain.doFilter(request, response);
            return;
        }
        String secret = request.getHeader("Authorization").substring(BEARER.length()).trim();
        Optional<String> username = tokens.authenticate(secret);
        if (username.isEmpty()) {
            ProblemResponses.write(response, request, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "The API token is unknown, expired, revoked, or its user is disabled");
            return;
        }
        UserDetails user = users.loadUserByUsername(username.get());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.getUsername(), null,
                user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
