package io.vireo.console.image;

import java.time.Instant;

/** An image as listed; {@code teamId} is null for the shared library's images. */
public record ImageView(Long id, String name, ImageKind kind, String format, long sizeBytes, Long datastoreId,
        String path, Long teamId, Instant createdAt) {

    public static ImageView of(Image i) {
        return new ImageView(i.getId(), i.getName(), i.getKind(), i.getFormat(), i.getSizeBytes(),
                i.getDatastore().getId(), i.getPath(), i.teamId(), i.getCreatedAt());
    }
}
