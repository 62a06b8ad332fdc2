package io.vireo.console.image;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.api.PageResponse;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/images")
class ImageApiController {

    private final ImageService images;
    private final ImageUploads uploads;

    ImageApiController(ImageService images, ImageUploads uploads) {
        this.images = images;
        this.uploads = uploads;
    }

    @GetMapping
    PageResponse<ImageView> list(@RequestParam(required = false) String q,
            @PageableDefault(size = 20, sort = "name") Pageable pageable) {
        return PageResponse.of(images.list(q, pageable), ImageView::of);
    }

    @GetMapping("/{id}")
    ImageView get(@PathVariable Long id) {
        return ImageView.of(images.get(id));
    }

    @PostMapping
    ResponseEntity<ImageView> register(@Valid @RequestBody ImageRequest request) {
        Image image = images.register(request);
        return ResponseEntity.created(URI.create("/api/v1/images/" + image.getId())).body(ImageView.of(image));
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a disk image or a kernel into a datastore's images folder",
            description = "file: a qcow2, raw or one-file VMDK disk (gzip-compressed or not), or with kind=KERNEL a"
                    + " RISC-V kernel Image (initrd and commandLine optional). Without teamId the image is shared"
                    + " (administrators); with it, the team's. Answers 202 with the task converting the disk into"
                    + " images/<name>.qcow2; the finished task's targetId is the image. A refused file leaves"
                    + " nothing behind.")
    ResponseEntity<TaskView> upload(@RequestPart("file") MultipartFile file,
            @RequestPart(name = "initrd", required = false) MultipartFile initrd,
            @RequestParam(defaultValue = "DISK") ImageKind kind, @RequestParam(required = false) String name,
            @RequestParam(required = false) Long datastoreId, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) String commandLine) {
        Task task = uploads.upload(new ImageUploads.Choice(kind, name, datastoreId, teamId, commandLine), file,
                initrd);
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + task.getId())).body(TaskView.of(task));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        images.delete(id);
        return ResponseEntity.noContent().build();
    }
}
