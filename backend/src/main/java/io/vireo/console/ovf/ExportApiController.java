package io.vireo.console.ovf;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.swagger.v3.oas.annotations.Operation;

/** A VM or template as an OVF package other hypervisors import. */
@RestController
class ExportApiController {

    private final OvfExports exports;

    ExportApiController(OvfExports exports) {
        this.exports = exports;
    }

    @GetMapping("/api/v1/vms/{id}/export")
    @Operation(summary = "Export a stopped VM as an OVA (format=ova) or an OVF folder in a tar (format=ovf)",
            description = "OVF 1.0 descriptor first, then a SHA256 manifest, streamOptimized VMDK disks and the"
                    + " kernel files; the VM is BUSY while its disks are read.")
    ResponseEntity<StreamingResponseBody> vm(@PathVariable Long id, @RequestParam(defaultValue = "ova") String format) {
        return stream(exports.vm(id, OvfExports.Format.parse(format)));
    }

    @GetMapping("/api/v1/templates/{id}/export")
    @Operation(summary = "Export a template with disk files as an OVA or an OVF folder in a tar")
    ResponseEntity<StreamingResponseBody> template(@PathVariable Long id,
            @RequestParam(defaultValue = "ova") String format) {
        return stream(exports.template(id, OvfExports.Format.parse(format)));
    }

    private ResponseEntity<StreamingResponseBody> stream(OvfExports.Export export) {
        StreamingResponseBody body = out -> exports.write(export, out);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(export.fileName()).build().toString())
                .contentType(MediaType.parseMediaType("application/x-tar"))
                .body(body);
    }
}
