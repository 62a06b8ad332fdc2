package io.vireo.console.image;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.security.Permission;
import io.vireo.console.team.TeamService;
import io.vireo.console.team.TeamView;
import io.vireo.console.web.PageActions;

@Controller
@RequestMapping("/images")
class ImagePageController {

    private final ImageService images;
    private final ImageUploads uploads;
    private final DatastoreService datastores;
    private final TeamService teams;
    private final PageActions actions;

    ImagePageController(ImageService images, ImageUploads uploads, DatastoreService datastores, TeamService teams,
            PageActions actions) {
        this.images = images;
        this.uploads = uploads;
        this.datastores = datastores;
        this.teams = teams;
        this.actions = actions;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @PageableDefault(size = 25, sort = "name") Pageable pageable,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("page", images.list(q, pageable).map(ImageView::of));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("datastores", datastores.list("", PageRequest.of(0, 200, Sort.by("name"))).toList());
        List<ImageView> all = images.list("", PageRequest.of(0, 500, Sort.by("name"))).map(ImageView::of).toList();
        model.addAttribute("diskImages", all.stream().filter(i -> i.kind() == ImageKind.DISK).toList());
        model.addAttribute("kernels", all.stream().filter(i -> i.kind() == ImageKind.KERNEL).toList());
        List<TeamView> configurable = teams.teamsWhereCallerCan(Permission.CONFIGURE);
        model.addAttribute("teams", configurable);
        model.addAttribute("configurableTeamIds", configurable.stream().map(TeamView::id).collect(Collectors.toSet()));
        model.addAttribute("teamNames", teams.teamsWhereCallerCan(Permission.VIEW).stream()
                .collect(Collectors.toMap(TeamView::id, TeamView::name)));
        return htmx != null ? "images/list :: results" : "images/list";
    }

    @PostMapping
    String register(@ModelAttribute ImageRequest request, RedirectAttributes redirect) {
        return actions.run(redirect, "/images", "Image registered", request, () -> images.register(request));
    }

    /** The upload form without its script: the task's page follows the conversion. */
    @PostMapping("/upload")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "initrd", required = false) MultipartFile initrd,
            @RequestParam(defaultValue = "DISK") ImageKind kind, @RequestParam(required = false) String name,
            @RequestParam(required = false) Long datastoreId, @RequestParam(required = false) Long teamId,
            @RequestParam(required = false) String commandLine, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/images", "Uploading the image: it is being converted", null,
                () -> "/tasks/" + uploads.upload(new ImageUploads.Choice(kind, name, datastoreId, teamId,
                        commandLine), file, initrd).getId());
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable Long id, RedirectAttributes redirect) {
        return actions.run(redirect, "/images", "Image deleted", null, () -> images.delete(id));
    }
}
