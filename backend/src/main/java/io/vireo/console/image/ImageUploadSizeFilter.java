package io.vireo.console.image;

import java.io.IOException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses an image upload or package import whose request announces more than the upload limit before any of it is
 * read. What a request does not announce is cut off at the limit as it is read ({@link MultipartSpooling}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
// Enabled here too, since MVC test slices pick up servlet filters but not the application's configuration properties.
@EnableConfigurationProperties(ImageUploadLimits.class)
class ImageUploadSizeFilter extends OncePerRequestFilter {
    private final ImageUploadLimits limits;

    ImageUploadSizeFilter(ImageUploadLimits limits) {
        this.limits = limits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !UploadPaths.limited(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > limits.maxBytes() + UploadPaths.FORM_SLACK) {
            UploadPaths.tooLarge(response, "The upload is " + (announced >> 20) + " MiB, more than the "
                    + (limits.maxBytes() >> 20) + " MiB an upload may be");
            return;
        }
        chain.doFilter(request, response);
    }
}
