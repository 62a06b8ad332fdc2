package io.vireo.console.vm;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmRepository;

/** Finds the VMs the caller may see, and checks the caller's right on one before anything is done to it. */
@Service
public class VmQueries {

    private final VmRepository vms;
    private final AccessPolicy access;

    VmQueries(VmRepository vms, AccessPolicy access) {
        this.vms = vms;
        this.access = access;
    }

    @Transactional(readOnly = true)
    public Page<VmView> list(VmFilter filter, Pageable pageable) {
        return search(filter, pageable).map(VmView::of);
    }

    /** Names and states only, for lists that show nothing more (the inventory tree). */
    @Transactional(readOnly = true)
    public Page<VmSummary> summaries(VmFilter filter, Pageable pageable) {
        return search(filter, pageable).map(vm -> new VmSummary(vm.getId(), vm.getName(), vm.getPowerState()));
    }

    @Transactional(readOnly = true)
    public VmView get(Long id) {
        return VmView.of(authorized(id, Permission.VIEW));
    }

    /** The VM, once the caller's right on it is checked: for operations on it here and in other modules. */
    @Transactional(readOnly = true)
    public Vm authorized(Long id, Permission permission) {
        Vm vm = vms.findById(id).orElseThrow(() -> new NotFoundException("VM", id));
        access.require(vm.teamId(), permission, "VM", id);
        return vm;
    }

    /** The VM for work that runs without a caller, such as a task the request already checked; empty once deleted. */
    @Transactional(readOnly = true)
    public Optional<Vm> find(Long id) {
        return vms.findById(id);
    }

    private Page<Vm> search(VmFilter filter, Pageable pageable) {
        Set<Long> teamIds = access.visibleTeamIds();
        if (filter.teamId() != null) {
            teamIds = teamIds.contains(filter.teamId()) ? Set.of(filter.teamId()) : Set.of(-1L);
        }
        Set<PowerState> states = filter.state() == null ? EnumSet.allOf(PowerState.class) : EnumSet.of(filter.state());
        return vms.search(teamIds, states, filter.q() == null ? "" : filter.q().trim(), pageable);
    }
}
