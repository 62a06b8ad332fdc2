package io.vireo.console.vm;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;

/** The clone and convert forms of a VM's page: the teams a clone may go to, the snapshots it may start from. */
@Component
class VmCopySection implements VmPageSection {

    private final TeamService teams;
    private final ObjectProvider<VmSnapshotTree> trees;

    VmCopySection(TeamService teams, ObjectProvider<VmSnapshotTree> trees) {
        this.teams = teams;
        this.trees = trees;
    }

    @Override
    public void addTo(Long vmId, Model model) {
        model.addAttribute("cloneTeams", teams.teamsWhereCallerCan(Permission.CONFIGURE));
        VmSnapshotTree tree = trees.getIfAvailable();
        model.addAttribute("cloneSnapshots", tree == null ? List.of() : tree.saved(vmId));
    }
}
