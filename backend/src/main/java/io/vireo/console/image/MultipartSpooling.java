package io.vireo.console.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadFileCountLimitException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletDiskFileUpload;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reads every multipart form itself, in place of the servlet container (whose multipart handling is switched off):
 * the parts are written to the console's spool folder ({@code <data-dir>/upload-spool}) as they stream in, and an
 * image upload or package import is cut off the moment its body passes the upload limit, announced or not (a chunked
 * request has no length to refuse up front): it answers 413 and its spooled parts are deleted. Nothing is ever
 * written past the limit, and whatever a request spooled is deleted when it ends. Other forms (a VM backup being
 * restored) have no limit, as before. Runs ahead of the security filters, which read the form's CSRF field.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MultipartSpooling extends OncePerRequestFilter {
    /** Form fields stay in memory; anything larger (a file) goes to the spool folder. */
    private static final int IN_MEMORY_BYTES = 16 << 10;
    /**
     * Parts one form may have: a package's descriptor, manifest and disks, even a disk in many chunks, stay far below
     * it, while a form of countless tiny parts would cost the console memory for each before anything reads them.
     */
    static final int MAX_PARTS = 1024;

    private final ImageUploadLimits limits;
    private final DiskFileItemFactory spool;

    MultipartSpooling(ImageUploadLimits limits, @Value("${vireo.data-dir}") Path dataDir) {
        this.limits = limits;
        Path folder = dataDir.resolve("upload-spool");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the upload spool folder " + folder, e);
        }
        this.spool = DiskFileItemFactory.builder().setPath(folder).setThreshold(IN_MEMORY_BYTES).get();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")
                || request instanceof MultipartHttpServletRequest;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        JakartaServletDiskFileUpload upload = new JakartaServletDiskFileUpload(spool);
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        boolean limited = UploadPaths.limited(request);
        upload.setMaxSize(limited ? limits.maxBytes() + UploadPaths.FORM_SLACK : -1);
        upload.setMaxFileCount(MAX_PARTS);
        List<DiskFileItem> items;
        try {
            items = upload.parseRequest(request);
        } catch (FileUploadFileCountLimitException e) {
            UploadPaths.tooLarge(response, "The form has more than " + MAX_PARTS + " parts; nothing of it was kept");
            return;
        } catch (FileUploadSizeException e) {
            UploadPaths.tooLarge(response, "The upload passed the " + (limits.maxBytes() >> 20) + " MiB an upload"
                    + " may be; nothing of it was kept");
            return;
        } catch (FileUploadException e) {
            UploadPaths.problem(response, HttpStatus.BAD_REQUEST, "Upload not read", "The form did not arrive"
                    + " whole: " + e.getMessage());
            return;
        }
        try {
            chain.doFilter(form(request, items), response);
        } finally {
            for (DiskFileItem item : items) {
                item.delete();
            }
        }
    }

    /** The request with its form's fields as parameters (merged with the query's) and its files as parts. */
    private static HttpServletRequest form(HttpServletRequest request, List<DiskFileItem> items) throws IOException {
        MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
        Map<String, List<String>> fields = new HashMap<>();
        Map<String, String> contentTypes = new HashMap<>();
        for (DiskFileItem item : items) {
            if (item.isFormField()) {
                fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>())
                        .add(item.getString(StandardCharsets.UTF_8));
            } else {
                files.add(item.getFieldName(), new SpooledPart(item));
                if (item.getContentType() != null) {
                    contentTypes.put(item.getFieldName(), item.getContentType());
                }
            }
        }
        Map<String, String[]> parameters = new HashMap<>();
        fields.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return new DefaultMultipartHttpServletRequest(request, files, parameters, contentTypes);
    }
}
