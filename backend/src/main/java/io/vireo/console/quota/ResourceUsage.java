package io.vireo.console.quota;

/**
 * What a team holds now, counted against its quota: each module that keeps a team's things answers for them
 * (the VM module for VMs, the template module for templates' and images' files), and the quota adds them up.
 */
public interface ResourceUsage {

    Resources heldBy(Long teamId);
}
