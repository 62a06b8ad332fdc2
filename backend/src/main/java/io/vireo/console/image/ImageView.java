package io.vireo.console.image;

import java.time.Instant;

public record ImageView(Long id, String name, ImageKind kind, String format, long sizeBytes, Long datastoreId,
        String path, Instant createdAt) {

    public static ImageView of(Image i) {
        return new ImageView(i.getId(), i.getName(), i.getKind(), i.getFormat(), i.getSizeBytes(),
                i.getDatastore().getId(), i.getPath(), i.getCreatedAt());
    }
}
