package io.vireo.console.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses an image upload whose request announces more than the upload limit before any of it is read: the servlet
 * container would otherwise spool all of it to disk first (before the security filters too, which read form
 * fields). What a request does not announce is cut off at the limit as it is staged ({@link ImageUploads}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
// Enabled here too, since MVC test slices pick up servlet filters but not the application's configuration properties.
@EnableConfigurationProperties(ImageUploadLimits.class)
class ImageUploadSizeFilter extends OncePerRequestFilter {
    /** Room for the form's other fields and the multipart boundaries around the file. */
    private static final long FORM_SLACK = 1L << 20;

    private final ImageUploadLimits limits;

    ImageUploadSizeFilter(ImageUploadLimits limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod())
                || !(path.equals("/api/v1/images/upload") || path.equals("/images/upload"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        long limit = limits.maxBytes() + FORM_SLACK;
        if (announced > limit) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"title\":\"Upload too large\",\"status\":413,\"detail\":\"The upload is "
                    + (announced >> 20) + " MiB, more than the " + (limits.maxBytes() >> 20)
                    + " MiB an image upload may be\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
