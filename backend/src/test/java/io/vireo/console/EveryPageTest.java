package io.vireo.console;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.jayway.jsonpath.JsonPath;

import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.Vm;

/**
 * Every page and every part htmx fetches renders, showing what the services read for it: the entity
 * manager is closed by then, so anything a page would load lazily while rendering fails here.
 */
class EveryPageTest extends ConsoleTests {

    @Autowired
    DatastoreRepository datastores;

    @Test
    void everyPageShowsItsObjectsWithTheirRelatedNames() throws Exception {
        Team team = fixtures.team();
        User owner = fixtures.member(team, TeamRole.OWNER);
        User admin = fixtures.save(new User(Fixtures.unique("root"), "Root", null,
                fixtures.passwords().encode(Fixtures.PASSWORD), GlobalRole.ADMIN, java.time.Instant.now()));
        RequestPostProcessor asOwner = user(owner.getUsername());
        RequestPostProcessor asAdmin = user(admin.getUsername()).roles("ADMIN");
        Vm vm = fixtures.vm(team);
        Snapshot snapshot = fixtures.snapshot(vm);
        String image = Fixtures.unique("kernel");
        Path file = datastores.findById(vm.getDatastore().getId()).orElseThrow().directory().resolve(image + ".img");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[1024]);
        String imageJson = mvc.perform(post("/api/v1/images").with(asAdmin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"name":"%s","kind":"KERNEL","datastoreId":%d,"path":"%s.img"}"""
                                .formatted(image, vm.getDatastore().getId(), image)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String template = Fixtures.unique("tpl");
        String templateJson = mvc.perform(post("/api/v1/templates").with(asOwner).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"name":"%s","teamId":%d,"vcpus":1,"memoryMib":512,"diskGib":1,"imageId":%d}"""
                                .formatted(template, team.getId(), JsonPath.<Integer>read(imageJson, "$.id"))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        int templateId = JsonPath.read(templateJson, "$.id");
        mvc.perform(post("/api/v1/me/tokens").with(asOwner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"laptop\"}")).andExpect(status().isCreated());
        long taskId = fixtures.createTaskOf(vm).getId();

        shows(get("/"), asOwner, vm.getName(), team.getName());
        shows(get("/vms"), asOwner, vm.getName(), team.getName(), "<label for=\"r-store\">Datastore</label>",
                "<label for=\"b-team\">Team</label>");
        shows(get("/vms").header("HX-Request", "true"), asOwner, vm.getName());
        shows(get("/vms/new"), asOwner, team.getName(), template, image);
        shows(get("/vms/new").param("templateId", String.valueOf(templateId)), asOwner, template);
        shows(get("/vms/{id}", vm.getId()), asOwner, vm.getName(), snapshot.getName(), owner.getUsername(),
                "disk0-1.qcow2", "You are here");
        shows(get("/vms/{id}/live", vm.getId()), asOwner, "STOPPED");
        shows(get("/vms/{id}/console", vm.getId()), asOwner, vm.getName());
        shows(get("/vms/{id}/serial", vm.getId()), asOwner, vm.getName());
        shows(get("/templates"), asOwner, template, team.getName(), image);
        shows(get("/templates/{id}", templateId), asOwner, template, image);
        shows(get("/images"), asOwner, image);
        shows(get("/networks"), asOwner, "default", "10.0.2.0/24");
        shows(get("/networks/{id}", fixtures.defaultNetwork().getId()), asOwner, "10.0.2.2", "10.0.2.15");
        shows(get("/datastores"), asOwner, "local");
        shows(get("/datastores"), asAdmin, "<label for=\"g-team\">Team</label>",
                "<option value=\"" + team.getId() + "\">" + team.getName() + "</option>");
        shows(get("/appliances"), asOwner, "Tiny Debian");
        shows(get("/tasks"), asOwner, "Create VM " + vm.getName());
        shows(get("/tasks/{id}", taskId), asOwner, "Create VM " + vm.getName());
        shows(get("/account"), asOwner, team.getName() + ": OWNER", "laptop");
        // Searched for, since the lists are paged and the suite's other tests add users and teams.
        shows(get("/admin/users").param("q", owner.getUsername()), asAdmin, owner.getUsername());
        shows(get("/admin/teams").param("q", team.getName()), asAdmin, team.getName());
        shows(get("/admin/teams/{id}", team.getId()), asAdmin, owner.getUsername(), "vCPUs");
        shows(get("/admin/hosts"), asAdmin, "local", "embedded engine");
        shows(get("/admin/audit"), asAdmin, "vm.create");
    }

    private void shows(MockHttpServletRequestBuilder page, RequestPostProcessor who, String... texts)
            throws Exception {
        var result = mvc.perform(page.with(who)).andExpect(status().isOk());
        for (String text : texts) {
            result.andExpect(content().string(containsString(text)));
        }
    }
}
