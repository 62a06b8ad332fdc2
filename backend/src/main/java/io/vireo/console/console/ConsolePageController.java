package io.vireo.console.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.VmQueries;
import io.vireo.console.vm.VmView;

/** The in-browser console (noVNC over the console WebSocket) and the serial text view of a VM. */
@Controller
@RequestMapping("/vms/{id}")
class ConsolePageController {
    /** Written by the frontend build beside the noVNC files it packs, so the page loads the packed version. */
    static final String FRONTEND_PROPERTIES = "META-INF/vireo-frontend.properties";

    private final VmQueries vms;
    private final AccessPolicy access;
    private final String novncVersion;

    ConsolePageController(VmQueries vms, AccessPolicy access) {
        this.vms = vms;
        this.access = access;
        this.novncVersion = frontendProperty("novnc.version");
    }

    @GetMapping("/console")
    String console(@PathVariable Long id, Model model) {
        describe(id, model);
        return "vms/console";
    }

    @GetMapping("/serial")
    String serial(@PathVariable Long id, Model model) {
        describe(id, model);
        return "vms/serial";
    }

    private void describe(Long id, Model model) {
        VmView vm = vms.get(id);
        Caller caller = access.caller();
        model.addAttribute("vm", vm);
        model.addAttribute("viewOnly", !caller.can(vm.teamId(), Permission.OPERATE));
        model.addAttribute("admin", caller.admin());
        model.addAttribute("novncVersion", novncVersion);
    }

    private static String frontendProperty(String key) {
        try (InputStream in = ConsolePageController.class.getClassLoader().getResourceAsStream(FRONTEND_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(FRONTEND_PROPERTIES + " is missing: the frontend jar was not built");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
