package io.vireo.console.quota;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.VireoProperties;
import io.vireo.console.quota.internal.Quota;
import io.vireo.console.quota.internal.QuotaRepository;

/**
 * Each team's limits, and whether a change fits in them. Its callers are the team and VM modules, inside
 * operations that already checked the caller's right on the team, so nothing here checks it again.
 */
@Service
public class QuotaService {

    private final QuotaRepository quotas;
    /** Looked up when counting: the modules that answer build on the team module, which needs this service. */
    private final ObjectProvider<ResourceUsage> usages;
    private final VireoProperties properties;

    QuotaService(QuotaRepository quotas, ObjectProvider<ResourceUsage> usages, VireoProperties properties) {
        this.quotas = quotas;
        this.usages = usages;
        this.properties = properties;
    }

    /** The team's quota, what it uses, and what {@code requested} would add (for the create form's bars). */
    @Transactional(readOnly = true)
    public QuotaStatus status(Long teamId, String teamName, Resources requested) {
        return new QuotaStatus(teamId, teamName, limitOf(teamId), heldBy(teamId), requested);
    }

    /** What the team holds now. */
    @Transactional(readOnly = true)
    public Resources usedBy(Long teamId) {
        return heldBy(teamId);
    }

    /**
     * Refuses a change that would take the team over any limit. It runs inside the change's transaction, before
     * the change is written, and locks the team's quota row until that transaction ends: parallel changes of
     * one team are checked one after the other, each counting what the ones before it committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ensureRoom(Long teamId, Resources extra) {
        Resources limit = quotas.lockByTeamId(teamId).map(Quota::limits).orElse(Resources.NONE);
        List<String> exceeded = heldBy(teamId).plus(extra).exceeding(limit);
        if (!exceeded.isEmpty()) {
            throw new QuotaExceededException(exceeded);
        }
    }

    @Transactional
    public void change(Long teamId, Resources limits) {
        quotas.findByTeamId(teamId).orElseGet(() -> quotas.save(new Quota(teamId, limits))).change(limits);
    }

    /** Gives a new team the configured starting quota. */
    @Transactional
    public void grantDefault(Long teamId) {
        VireoProperties.DefaultQuota d = properties.defaultQuota();
        quotas.save(new Quota(teamId, new Resources(d.vcpus(), d.memoryMib(), d.diskGib(), d.vms())));
    }

    private Resources heldBy(Long teamId) {
        return usages.orderedStream().map(u -> u.heldBy(teamId)).reduce(Resources.NONE, Resources::plus);
    }

    private Resources limitOf(Long teamId) {
        return quotas.findByTeamId(teamId).map(Quota::limits).orElse(Resources.NONE);
    }
}
