package io.vireo.console.authentication;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.vireo.console.audit.AuditLog;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Pages and the console WebSocket sign in with a form (and remember-me); the API also takes personal bearer
 * tokens. CSRF protects every state change that rides on a cookie; bearer API requests carry no cookie a
 * browser could send by itself, so they are exempt.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenService tokens, UserDetailsService users,
            PersistentTokenRepository rememberMeTokens, LoginThrottle throttle, AuditLog audit) throws Exception {
        RequestMatcher api = ProblemResponses::isApi;
        http
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.svg", "/error",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        // the container's HEALTHCHECK asks without signing in; it answers UP or DOWN, no details
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .requestCache(cache -> cache.requestCache(pagesOnly(api)))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .rememberMe(remember -> remember.tokenRepository(rememberMeTokens).userDetailsService(users)
                        .tokenValiditySeconds((int) Duration.ofDays(14).toSeconds()))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(request ->
                        CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                                && !ApiTokenAuthenticationFilter.isBearerApiCall(request)))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor((request, response, e) -> ProblemResponses.write(response,
                                request, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                                "Sign in, or send a personal API token as 'Authorization: Bearer …'"), api)
                        .defaultAccessDeniedHandlerFor((request, response, e) -> ProblemResponses.write(response,
                                request, HttpServletResponse.SC_FORBIDDEN, "Forbidden", e.getMessage()), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> !api.matches(request)))
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, users), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new LoginThrottleFilter(throttle, audit), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /** Remembers the page a signed-out user asked for, so sign-in returns there; API calls are not pages. */
    private static HttpSessionRequestCache pagesOnly(RequestMatcher api) {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> !api.matches(request) && "GET".equals(request.getMethod())
                && !"true".equals(request.getHeader("HX-Request")));
        return cache;
    }

    /** BCrypt today, and stored hashes name their algorithm so a stronger one can take over transparently. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    PersistentTokenRepository rememberMeTokens(DataSource dataSource) {
        JdbcTokenRepositoryImpl repository = new JdbcTokenRepositoryImpl();
        repository.setDataSource(dataSource);
        return repository;
    }
}
