package io.vireo.console.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The requests the upload limit holds for: image uploads and package imports (which bring disks too), through the
 * API and the pages; and the problem they are answered with when refused before any controller sees them.
 */
final class UploadPaths {
    /** Room for the form's other fields and the multipart boundaries around the file. */
    static final long FORM_SLACK = 1L << 20;

    private static final Set<String> LIMITED = Set.of("/api/v1/images/upload", "/images/upload", "/api/v1/imports",
            "/api/v1/imports/inspect", "/vms/import");

    private UploadPaths() {
    }

    static boolean limited(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && LIMITED.contains(path);
    }

    static void tooLarge(HttpServletResponse response, String detail) throws IOException {
        problem(response, HttpStatus.CONTENT_TOO_LARGE, "Upload too large", detail);
    }

    static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"title\":\"" + title + "\",\"status\":" + status.value() + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
