package io.vireo.console.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A VM as a set of files: move its folder to another datastore, download it as a backup, restore one. */
@RestController
@RequestMapping("/api/v1/vms")
class VmFilesApiController {

    record MoveRequest(@NotNull Long datastoreId) {
    }

    private final VmRelocation relocation;
    private final VmArchive archive;

    VmFilesApiController(VmRelocation relocation, VmArchive archive) {
        this.relocation = relocation;
        this.archive = archive;
    }

    @PostMapping("/{id}/move")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Move a stopped VM's folder to another datastore (a task)")
    TaskView move(@PathVariable Long id, @Valid @RequestBody MoveRequest request) {
        return relocation.move(id, request.datastoreId());
    }

    @GetMapping(value = "/{id}/backup", produces = "application/x-tar")
    @Operation(summary = "Download a stopped VM's folder as a tar archive",
            description = "Disks, snapshots and vm.conf; restore it with POST /api/v1/vms/restore.")
    ResponseEntity<StreamingResponseBody> backup(@PathVariable Long id) {
        VmArchive.Download download = archive.begin(id);
        StreamingResponseBody body = out -> {
            try {
                VmArchive.write(download, out);
            } finally {
                archive.end(id);
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(download.fileName()).build().toString())
                .contentType(MediaType.parseMediaType("application/x-tar")).body(body);
    }

    @PostMapping(value = "/restore", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Restore a VM from a backup archive into a datastore, for a team")
    VmView restore(@RequestPart("file") MultipartFile file, @RequestParam Long teamId,
            @RequestParam(required = false) Long datastoreId) {
        try (InputStream in = file.getInputStream()) {
            return archive.restore(in, teamId, datastoreId);
        } catch (IOException e) {
            throw new UncheckedIOException("The upload could not be read", e);
        }
    }
}
