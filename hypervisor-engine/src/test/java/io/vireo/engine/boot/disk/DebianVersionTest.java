package io.vireo.engine.boot.disk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DebianVersionTest {
    @Test
    void ordersKernelVersionsAsDpkgDoes() {
        List<String> versions = new ArrayList<>(List.of("6.10.0-1-riscv64", "6.1.0-10-riscv64", "6.10.0~rc7-riscv64",
                "6.1.0-9-riscv64", "6.10.0-1+b1-riscv64", "6.1.0-9-riscv64", "6.01.0-9a-riscv64"));
        versions.sort(DebianVersion.ORDER);
        // Leading zeros do not count, and a letter sorts before any other non-digit ("9a-" before "9-").
        assertThat(versions).containsExactly("6.01.0-9a-riscv64", "6.1.0-9-riscv64", "6.1.0-9-riscv64",
                "6.1.0-10-riscv64", "6.10.0~rc7-riscv64", "6.10.0-1+b1-riscv64", "6.10.0-1-riscv64");
    }
}
