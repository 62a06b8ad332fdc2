package io.vireo.console.quota;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** An amount of the resources a quota limits: what a team holds, may hold, or asks for. */
public record Resources(
        @Min(0) @Max(4096) int vcpus,
        @Min(0) long memoryMib,
        @Min(0) long diskGib,
        @Min(0) @Max(10000) int vms) {

    public static final Resources NONE = new Resources(0, 0, 0, 0);

    public Resources plus(Resources other) {
        return new Resources(vcpus + other.vcpus, memoryMib + other.memoryMib, diskGib + other.diskGib,
                vms + other.vms);
    }

    /** The resources of {@code this} that exceed {@code limit}, named as the API names them. */
    public List<String> exceeding(Resources limit) {
        List<String> exceeded = new ArrayList<>();
        if (vcpus > limit.vcpus) exceeded.add("vcpus");
        if (memoryMib > limit.memoryMib) exceeded.add("memoryMib");
        if (diskGib > limit.diskGib) exceeded.add("diskGib");
        if (vms > limit.vms) exceeded.add("vms");
        return exceeded;
    }
}
