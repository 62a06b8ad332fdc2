package io.vireo.console.vm;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.team.MemberView;
import io.vireo.console.team.TeamService;
import io.vireo.console.vm.internal.VmEventRepository;

/** What the VM pages and the API show beyond the record: its events and, while it runs, the engine's figures. */
@Service
public class VmDetails {

    private final VmQueries vms;
    private final VmEventRepository events;
    private final HostDriver host;
    private final VmLaunches launches;
    private final TeamService teams;
    private final AccessPolicy access;

    VmDetails(VmQueries vms, VmEventRepository events, HostDriver host, VmLaunches launches, TeamService teams,
            AccessPolicy access) {
        this.vms = vms;
        this.events = events;
        this.host = host;
        this.launches = launches;
        this.teams = teams;
        this.access = access;
    }

    /** Everything the VM's own page shows, read in one transaction. */
    @Transactional(readOnly = true)
    public VmPage page(Long id) {
        Vm vm = vms.authorized(id, Permission.VIEW);
        Caller caller = access.caller();
        return new VmPage(VmView.of(vm), caller.can(vm.teamId(), Permission.OPERATE),
                caller.can(vm.teamId(), Permission.CONFIGURE), launches.nothingToBoot(vm), eventsOf(id),
                host.stats(id), Optional.ofNullable(host.hostLoad().vms().get(id)), vm.cpu(), teams.members(vm.teamId()));
    }

    @Transactional(readOnly = true)
    public List<VmEventView> events(Long id) {
        vms.authorized(id, Permission.VIEW);
        return eventsOf(id);
    }

    @Transactional(readOnly = true)
    public Optional<RuntimeStats> stats(Long id) {
        vms.authorized(id, Permission.VIEW);
        return host.stats(id);
    }

    @Transactional(readOnly = true)
    public Optional<byte[]> screenshot(Long id) {
        vms.authorized(id, Permission.VIEW);
        return host.screenshot(id);
    }

    private List<VmEventView> eventsOf(Long id) {
        return events.findTop50ByVmIdOrderByAtDescIdDesc(id).stream().map(VmEventView::of).toList();
    }

    /**
     * A VM with what its page shows around it: what the caller may do, why it can never power on (if so),
     * its history, figures and team.
     */
    public record VmPage(VmView vm, boolean canOperate, boolean canConfigure, Optional<String> nothingToBoot,
            List<VmEventView> events, Optional<RuntimeStats> stats, Optional<HostLoad.VmLoad> load, VmCpu cpu,
            List<MemberView> members) {
    }
}
