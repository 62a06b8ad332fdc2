package io.vireo.console.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import io.vireo.console.datastore.BoundedWrite;

/**
 * The upload limit holds whether the request announces its size (refused before a byte is read) or not (the
 * staged file, unpacked or not, is cut off at the limit).
 */
class ImageUploadLimitsTest {

    @TempDir
    Path dir;

    @Test
    void anUploadAnnouncingMoreThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        ImageUploadSizeFilter filter = new ImageUploadSizeFilter(new ImageUploadLimits(DataSize.ofMegabytes(1)));
        MockHttpServletRequest large = new MockHttpServletRequest("POST", "/api/v1/images/upload");
        large.setContent(new byte[3 << 20]);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain unreached = new MockFilterChain();

        filter.doFilter(large, refused, unreached);

        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(refused.getContentAsString()).contains("more than the 1 MiB");
        assertThat(unreached.getRequest()).isNull();

        MockHttpServletRequest small = new MockHttpServletRequest("POST", "/api/v1/images/upload");
        small.setContent(new byte[1 << 20]);
        MockFilterChain passed = new MockFilterChain();
        filter.doFilter(small, new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isNotNull();
    }

    @Test
    void aStreamLongerThanTheLimitIsCutOffThere() throws Exception {
        InputStream endless = new ByteArrayInputStream(new byte[3 << 20]);
        Path target = dir.resolve("staged");

        assertThatThrownBy(() -> BoundedWrite.copy(endless, target, 1 << 20)).isInstanceOf(BoundedWrite.TooLong.class);
        assertThat(Files.size(target)).isLessThanOrEqualTo(1 << 20);
        assertThat(BoundedWrite.copy(new ByteArrayInputStream(new byte[4096]), dir.resolve("whole"), 4096))
                .isEqualTo(4096);
    }
}
