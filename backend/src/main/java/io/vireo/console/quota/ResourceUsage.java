package io.vireo.console.quota;

/** What a team holds now, counted against its quota; the VM module answers, since VMs are what a team holds. */
public interface ResourceUsage {

    Resources heldBy(Long teamId);
}
