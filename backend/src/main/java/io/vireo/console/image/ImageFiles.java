package io.vireo.console.image;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.DatastoreOccupant;
import io.vireo.console.image.internal.ImageRepository;

/** Every image owns its file, and a kernel image its initramfs too. */
@Component
class ImageFiles implements DatastoreOccupant {

    private final ImageRepository images;

    ImageFiles(ImageRepository images) {
        this.images = images;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Path> ownedPaths() {
        return images.findAllWithDatastore().stream()
                .flatMap(image -> Stream.concat(Stream.of(image.file()), image.initrdFile().stream())).toList();
    }
}
