package io.vireo.console.vm;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** A VM's own page: its state, figures, history and settings, and what can be done to it from there. */
@Controller
@RequestMapping("/vms/{id}")
class VmDetailController {

    private final VmDetails details;
    private final VmCharts charts;
    private final List<VmPageSection> sections;
    private final VmPowerService power;
    private final VmChanges changes;
    private final PageActions actions;
    private final VmLiveMemory liveMemory;
    private final VmCpuAllocation cpuAllocation;

    VmDetailController(VmDetails details, VmCharts charts, List<VmPageSection> sections, VmPowerService power,
            VmChanges changes, PageActions actions, VmLiveMemory liveMemory, VmCpuAllocation cpuAllocation) {
        this.liveMemory = liveMemory;
        this.cpuAllocation = cpuAllocation;
        this.details = details;
        this.charts = charts;
        this.sections = sections;
        this.power = power;
        this.changes = changes;
        this.actions = actions;
    }

    @GetMapping
    String detail(@PathVariable Long id, Model model) {
        VmDetails.VmPage page = addLive(id, model);
        VmView vm = page.vm();
        model.addAttribute("canOperate", page.canOperate());
        model.addAttribute("canConfigure", page.canConfigure());
        model.addAttribute("actions", vm.powerState().actions());
        model.addAttribute("nothingToBoot", page.nothingToBoot().orElse(null));
        model.addAttribute("members", page.members());
        model.addAttribute("defaultShutdownSeconds", VmPowerService.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds());
        sections.forEach(section -> section.addTo(id, model));
        model.addAttribute("update", new VmUpdate(vm.name(), vm.description(), vm.vcpus(), vm.memoryMib(),
                vm.coresPerSocket(), vm.threadsPerCore(), vm.memoryMinMib()));
        model.addAttribute("cpu", page.cpu());
        return "vms/detail";
    }

    /**
     * The live part of the detail page (state, figures, events), which htmx refreshes every few seconds: only what
     * it shows, so the other sections (snapshot chains read from disk, datastore choices) are not redone each time.
     */
    @GetMapping("/live")
    String live(@PathVariable Long id, Model model) {
        addLive(id, model);
        return "vms/detail :: live";
    }

    private VmDetails.VmPage addLive(Long id, Model model) {
        VmDetails.VmPage page = details.page(id);
        VmView vm = page.vm();
        model.addAttribute("vm", vm);
        model.addAttribute("events", page.events());
        page.stats().ifPresent(stats -> {
            model.addAttribute("stats", stats);
            model.addAttribute("cpuPoints", charts.cpu(stats, vm.vcpus()));
            model.addAttribute("instructionPoints", charts.instructions(stats));
        });
        page.load().ifPresent(load -> model.addAttribute("load", load));
        return page;
    }

    @PostMapping("/power")
    String power(@PathVariable Long id, @RequestParam PowerAction action,
            @RequestParam(required = false) Integer timeoutSeconds,
            @RequestParam(defaultValue = "false") boolean discardSavedState, RedirectAttributes redirect) {
        return act(id, redirect, action == PowerAction.SHUTDOWN ? "Shutdown requested" : action.label() + " done", null,
                () -> power.changePower(id, action, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds),
                        discardSavedState));
    }

    @PostMapping("/update")
    String update(@PathVariable Long id, @ModelAttribute UpdateForm form, RedirectAttributes redirect) {
        VmUpdate update = new VmUpdate(form.name(), form.description(), form.vcpus(), form.memoryMib(),
                form.coresPerSocket(), form.threadsPerCore(), form.memoryMinMib());
        return act(id, redirect, "Saved", update, () -> changes.update(id, update));
    }

    @PostMapping("/cpu")
    String cpu(@PathVariable Long id, @ModelAttribute CpuForm form, RedirectAttributes redirect) {
        VmCpu cpu = new VmCpu(form.shares(), form.capPercent());
        return act(id, redirect, "CPU shares and cap saved", cpu, () -> cpuAllocation.allocate(id, cpu));
    }

    @PostMapping("/memory")
    String memory(@PathVariable Long id, @RequestParam Long memoryMib, RedirectAttributes redirect) {
        return act(id, redirect, "Memory changed to " + memoryMib + " MiB", null,
                () -> liveMemory.resize(id, memoryMib));
    }

    @PostMapping("/delete")
    String delete(@PathVariable Long id, @RequestParam(defaultValue = "false") boolean discardSavedState,
            RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms/" + id, "VM deleted", null, () -> {
            changes.delete(id, discardSavedState);
            return "/vms";
        });
    }

    private String act(Long id, RedirectAttributes redirect, String success, Object request, Runnable change) {
        return actions.run(redirect, "/vms/" + id, success, request, change);
    }

    record CpuForm(Integer shares, Integer capPercent) {
    }

    record UpdateForm(String name, String description, Integer vcpus, Long memoryMib, Integer coresPerSocket,
            Integer threadsPerCore, Long memoryMinMib) {
    }
}
