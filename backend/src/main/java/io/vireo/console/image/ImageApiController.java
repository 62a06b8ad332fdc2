package io.vireo.console.image;

import java.net.URI;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vireo.console.api.PageResponse;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/images")
class ImageApiController {

    private final ImageService images;

    ImageApiController(ImageService images) {
        this.images = images;
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

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable Long id) {
        images.delete(id);
        return ResponseEntity.noContent().build();
    }
}
