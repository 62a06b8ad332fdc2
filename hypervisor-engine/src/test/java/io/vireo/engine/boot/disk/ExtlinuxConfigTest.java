package io.vireo.engine.boot.disk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtlinuxConfigTest {
    private static final String WHERE = "/boot/extlinux/extlinux.conf on disk 1 (ext4)";

    @Test
    void withoutDefaultTheMenuDefaultThenTheFirstLabelBoots() throws Exception {
        String menu = "label a\nlinux /a\nlabel b\nmenu default\nlinux b\nappend -\n";
        assertThat(ExtlinuxConfig.parse(menu, "/boot/extlinux", WHERE))
                .isEqualTo(new ExtlinuxConfig("b", "/boot/extlinux/b", List.of(), ""));
        assertThat(ExtlinuxConfig.parse("LABEL first\nKERNEL /k\nLABEL second\nKERNEL /l\n", "/", WHERE).kernel())
                .isEqualTo("/k");
    }

    @Test
    void aDefaultWithoutItsLabelOrALabelWithoutKernelIsRefused() {
        assertThatThrownBy(() -> ExtlinuxConfig.parse("default vesamenu.c32\nlabel x\nlinux /x\n", "/", WHERE))
                .hasMessage(WHERE + ": DEFAULT names 'vesamenu.c32', which no LABEL defines");
        assertThatThrownBy(() -> ExtlinuxConfig.parse("label x\nappend quiet\n", "/", WHERE))
                .hasMessage(WHERE + ": LABEL x names no LINUX or KERNEL");
        assertThatThrownBy(() -> ExtlinuxConfig.parse("timeout 10\n", "/", WHERE))
                .hasMessage(WHERE + " defines no LABEL to boot");
    }
}
