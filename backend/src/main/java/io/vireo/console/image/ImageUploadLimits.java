package io.vireo.console.image;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code vireo.images.max-upload-size}: the largest file an image upload takes, as sent or, for a gzip-compressed
 * one, as it unpacks; and the largest package an import takes. Anything larger is refused before, or as soon as, it
 * passes the limit.
 */
@ConfigurationProperties("vireo.images")
record ImageUploadLimits(@DefaultValue("64GB") DataSize maxUploadSize) {

    long maxBytes() {
        return maxUploadSize.toBytes();
    }
}
