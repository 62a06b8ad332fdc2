package io.vireo.engine.cli;

import io.vireo.engine.boot.CpuTopology;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --cpus} reads like QEMU's {@code -smp}: a count, sockets, cores and threads, the missing ones inferred. */
class CpusOptionTest {

    @Test
    void aCountAloneIsOneSocketOfThatManyCores() {
        assertThat(CpusOption.parse("4")).isEqualTo(new CpuTopology(1, 4, 1));
    }

    @Test
    void missingLevelsFollowFromTheCountAndTheOthers() {
        assertThat(CpusOption.parse("4,sockets=2")).isEqualTo(new CpuTopology(2, 2, 1));
        assertThat(CpusOption.parse("8,cores=2")).isEqualTo(new CpuTopology(4, 2, 1));
        assertThat(CpusOption.parse("sockets=2,cores=2")).isEqualTo(new CpuTopology(2, 2, 1));
        assertThat(CpusOption.parse("4,sockets=1,threads=2")).isEqualTo(new CpuTopology(1, 2, 2));
    }

    @Test
    void aCountTheLevelsDoNotMakeIsRefused() {
        assertThatThrownBy(() -> CpusOption.parse("4,sockets=2,cores=3")).hasMessageContaining("not 4");
        assertThatThrownBy(() -> CpusOption.parse("3,sockets=2")).hasMessageContaining("not 3");
        assertThatThrownBy(() -> CpusOption.parse("sockets=4,cores=4")).hasMessageContaining("more than the 8");
        assertThatThrownBy(() -> CpusOption.parse("2,sockets=0")).hasMessageContaining("sockets must be 1..8");
        assertThatThrownBy(() -> CpusOption.parse("2,dies=2")).hasMessageContaining("expected N[,sockets=S]");
        assertThatThrownBy(() -> CpusOption.parse("two")).hasMessageContaining("two is not a number");
    }

    @Test
    void bootTakesTheLayoutIntoTheVmsOptions() {
        assertThat(BootCommand.parse("--kernel", "Image", "--cpus", "4,sockets=2").cpus())
                .isEqualTo(new CpuTopology(2, 2, 1));
        assertThat(BootCommand.parse("--kernel", "Image").cpus()).isEqualTo(CpuTopology.flat(1));
    }
}
