package io.vireo.console.portal;

import java.util.List;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.vireo.console.quota.QuotaStatus;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskView;
import io.vireo.console.team.TeamService;
import io.vireo.console.vm.VmFilter;
import io.vireo.console.vm.VmQueries;
import io.vireo.console.vm.VmView;

/** The self-service portal's start page: each of my teams with its quota bars and VMs; and the sign-in page. */
@Controller
class HomeController {

    private final TeamService teams;
    private final VmQueries vms;
    private final TaskService tasks;

    HomeController(TeamService teams, VmQueries vms, TaskService tasks) {
        this.teams = teams;
        this.vms = vms;
        this.tasks = tasks;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        List<TeamCard> cards = teams.teamsWhereCallerCan(Permission.VIEW).stream()
                .map(team -> new TeamCard(teams.quota(team.id(), Resources.NONE),
                        vms.list(new VmFilter(null, team.id(), null), PageRequest.of(0, 100, Sort.by("name")))
                                .toList()))
                .toList();
        model.addAttribute("cards", cards);
        model.addAttribute("recentTasks", tasks.list(null, null,
                PageRequest.of(0, 5, Sort.by(Sort.Direction.DESC, "createdAt"))).map(TaskView::of).toList());
        return "home";
    }

    record TeamCard(QuotaStatus quota, List<VmView> vms) {
    }
}
