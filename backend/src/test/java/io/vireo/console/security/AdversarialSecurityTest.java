package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.vireo.console.Fixtures;
import io.vireo.console.authentication.ApiTokenService;
import io.vireo.console.authentication.TokenRequest;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.hosts.Host;
import io.vireo.console.hosts.HostUri;
import io.vireo.console.hosts.internal.HostRepository;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageKind;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.network.Network;
import io.vireo.console.network.internal.NetworkRepository;
import io.vireo.console.security.Surface.Endpoint;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.template.TemplateView;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.vm.NicView;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.internal.VmRepository;

/**
 * An attacker's view: a member of team A probing team B's objects by id, through the API and the
 * pages; a viewer trying to change things; forged CSRF tokens; a token outliving its user's access.
 * The sweeps take every operation from the console itself ({@link Surface}), so a new endpoint is
 * probed without anyone listing it here.
 */
@RedTeamTest
class AdversarialSecurityTest {
    /** What a viewer may do to their team's objects although it is a POST: watch the console, view only. */
    private static final Set<String> VIEWER_MAY = Set.of("POST /api/v1/vms/{id}/console/tickets");
    /**
     * Team objects only administrators change, so even the team's owner is refused; anyone else may be told
     * "forbidden" before the id is even looked up, which tells nothing about it.
     */
    private static final Set<String> ADMINS_ONLY = Set.of("DELETE /api/v1/teams/{id}", "PUT /api/v1/teams/{id}/members",
            "DELETE /api/v1/teams/{id}/members/{userId}", "PUT /api/v1/teams/{teamId}/quota",
            "DELETE /api/v1/vms/{id}/console/sessions/{sessionId}", "POST /api/v1/appliances");
    /** Page forms that only redraw themselves: they change nothing, so no role is refused them. */
    private static final Set<String> FORM_HELPERS = Set.of("POST /vms/new/edit", "POST /vms/new/impact");
    /** The create form shows a refusal next to its fields instead of answering an error status. */
    private static final String CREATE_FORM = "POST /vms";
    /** A stream that stays open: probed on its own in AdversarialChannelTest. */
    private static final String TASK_EVENTS = "GET /api/v1/tasks/events";

    private static final String VM_UPDATE = """
            {"name":"stolen","vcpus":1,"memoryMib":512}""";

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    VmRepository vms;
    @Autowired
    DatastoreRepository datastores;
    @Autowired
    HostRepository hosts;
    @Autowired
    NetworkRepository networks;
    @Autowired
    ImageRepository images;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    Team teamA;
    Vm vmA;
    Team teamB;
    Vm vmB;
    NicView.Forward forwardB;
    Snapshot snapshotB;
    TemplateView templateB;
    Long taskB;
    User memberOfA;
    User viewerOfB;
    User ownerOfB;

    @BeforeEach
    void twoTeams() {
        teamA = fixtures.team();
        vmA = fixtures.vm(teamA);
        memberOfA = fixtures.member(teamA, TeamRole.OWNER);
        teamB = fixtures.team();
        vmB = fixtures.vmWithNic(teamB);
        forwardB = fixtures.forward(vmB);
        snapshotB = fixtures.snapshot(vmB);
        templateB = fixtures.template(teamB);
        taskB = fixtures.createTaskOf(vmB).getId();
        viewerOfB = fixtures.member(teamB, TeamRole.VIEWER);
        ownerOfB = fixtures.member(teamB, TeamRole.OWNER);
    }

    @Test
    void ownerOfAnotherTeamFindsNothingOfTeamBThroughTheApi() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        long vm = vmB.getId();
        long snap = snapshotB.getId();
        List<MockHttpServletRequestBuilder> probes = List.of(
                get("/api/v1/vms/{id}", vm),
                put("/api/v1/vms/{id}", vm).contentType(MediaType.APPLICATION_JSON).content(VM_UPDATE),
                delete("/api/v1/vms/{id}", vm),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"START\"}"),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"SUSPEND\"}"),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"STOP\",\"discardSavedState\":true}"),
                delete("/api/v1/vms/{id}", vm).param("discardSavedState", "true"),
                get("/api/v1/vms/{id}/snapshots", vm),
                get("/api/v1/vms/{id}/snapshots/{s}", vm, snap),
                delete("/api/v1/vms/{id}/snapshots/{s}", vm, snap),
                post("/api/v1/vms/{id}/snapshots", vm).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"),
                post("/api/v1/vms/{id}/snapshots/{s}/revert", vm, snap).param("stop", "true"),
                post("/api/v1/vms/{id}/snapshots/{s}/revert", vm, snap).param("discardSavedState", "true"),
                post("/api/v1/vms/{id}/snapshots", vm).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x\",\"includeMemory\":true}"),
                post("/api/v1/vms/{id}/snapshots/consolidate", vm),
                get("/api/v1/templates/{id}", templateB.getId()),
                delete("/api/v1/templates/{id}", templateB.getId()),
                get("/api/v1/tasks/{id}", taskB),
                post("/api/v1/tasks/{id}/cancel", taskB),
                get("/api/v1/teams/{id}", teamB.getId()),
                get("/api/v1/teams/{id}/members", teamB.getId()),
                get("/api/v1/teams/{id}/quota", teamB.getId()));
        for (MockHttpServletRequestBuilder probe : probes) {
            mvc.perform(probe.with(attacker).with(csrf()))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void guessedIdsOfAnotherTeamLookExactlyLikeMissingOnes() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        for (long id = vmB.getId() - 3; id <= vmB.getId() + 3; id++) {
            String answer = mvc.perform(get("/api/v1/vms/{id}", id).with(attacker))
                    .andReturn().getResponse().getContentAsString();
            if (!answer.contains("\"name\"")) {
                assertThat(answer).contains("\"status\":404").contains("VM " + id + " was not found");
            } else {
                assertThat(answer).doesNotContain("\"teamId\":" + teamB.getId());
            }
        }
        mvc.perform(get("/api/v1/vms/{id}", 999_999).with(attacker)).andExpect(status().isNotFound());
    }

    @Test
    void listsNeverShowAnotherTeamsObjects() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        String vms = mvc.perform(get("/api/v1/vms?size=200").with(attacker)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(vms).doesNotContain(vmB.getName());
        mvc.perform(get("/api/v1/vms?teamId={t}", teamB.getId()).with(attacker))
                .andExpect(jsonPath("$.totalItems").value(0));
        String templates = mvc.perform(get("/api/v1/templates?size=200").with(attacker))
                .andReturn().getResponse().getContentAsString();
        assertThat(templates).doesNotContain(templateB.name());
        String tasks = mvc.perform(get("/api/v1/tasks?size=200").with(attacker))
                .andReturn().getResponse().getContentAsString();
        assertThat(tasks).doesNotContain(vmB.getName());
    }

    @Test
    void ownerOfAnotherTeamCannotCreateVmsInTeamB() throws Exception {
        mvc.perform(post("/api/v1/vms").with(user(memberOfA.getUsername())).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"intruder\",\"teamId\":" + teamB.getId()
                                + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                                + templateB.getId() + "}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void ownerOfAnotherTeamFindsNothingOfTeamBThroughThePages() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        mvc.perform(get("/vms/{id}", vmB.getId()).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(get("/templates/{id}", templateB.getId()).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(get("/tasks/{id}", taskB).with(attacker)).andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/delete", vmB.getId()).with(attacker).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots/{s}/delete", vmB.getId(), snapshotB.getId()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots/{s}/revert", vmB.getId(), snapshotB.getId()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots", vmB.getId()).param("name", "x").with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/vms/{id}/snapshots/consolidate", vmB.getId()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/tasks/{id}/cancel", taskB).with(attacker).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/templates/{id}/delete", templateB.getId()).with(attacker).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/users").with(user(memberOfA.getUsername()))).andExpect(status().isForbidden());
    }

    @Test
    void viewerSeesButCannotChangeState() throws Exception {
        RequestPostProcessor viewer = fixtures.signedIn(teamB, TeamRole.VIEWER);
        long vm = vmB.getId();
        mvc.perform(get("/api/v1/vms/{id}", vm).with(viewer)).andExpect(status().isOk());
        mvc.perform(get("/vms/{id}", vm).with(viewer)).andExpect(status().isOk());
        List<MockHttpServletRequestBuilder> changes = List.of(
                put("/api/v1/vms/{id}", vm).contentType(MediaType.APPLICATION_JSON).content(VM_UPDATE),
                delete("/api/v1/vms/{id}", vm),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON).content("{\"action\":\"STOP\"}"),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"SUSPEND\"}"),
                post("/api/v1/vms/{id}/power", vm).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"RESUME\"}"),
                delete("/api/v1/vms/{id}", vm).param("discardSavedState", "true"),
                post("/api/v1/vms/{id}/snapshots/{s}/revert", vm, snapshotB.getId()).param("discardSavedState", "true"),
                delete("/api/v1/vms/{id}/snapshots/{s}", vm, snapshotB.getId()),
                delete("/api/v1/templates/{id}", templateB.getId()),
                post("/api/v1/tasks/{id}/cancel", taskB),
                post("/api/v1/vms").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"v\",\"teamId\":"
                        + teamB.getId() + ",\"vcpus\":1,\"memoryMib\":512,\"bootSource\":\"TEMPLATE\",\"templateId\":"
                        + templateB.getId() + "}"),
                post("/vms/{id}/delete", vm));
        for (MockHttpServletRequestBuilder change : changes) {
            mvc.perform(change.with(viewer).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/v1/vms/{id}/snapshots", vm).with(viewer))
                .andExpect(jsonPath("$.length()").value(1));
    }

    @Test
    void operatorMayDeleteSnapshotsButNotReconfigure() throws Exception {
        RequestPostProcessor operator = fixtures.signedIn(teamB, TeamRole.OPERATOR);
        mvc.perform(delete("/api/v1/vms/{id}/snapshots/{s}", vmB.getId(), snapshotB.getId()).with(operator).with(csrf()))
                .andExpect(status().isAccepted());
        mvc.perform(delete("/api/v1/vms/{id}", vmB.getId()).with(operator).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void formsRefuseAForgedOrMissingCsrfToken() throws Exception {
        RequestPostProcessor owner = fixtures.signedIn(teamB, TeamRole.OWNER);
        mvc.perform(post("/vms/{id}/delete", vmB.getId()).with(owner).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/vms/{id}/delete", vmB.getId()).with(owner)).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/vms/{id}", vmB.getId()).with(owner).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/vms/{id}", vmB.getId()).with(owner)).andExpect(status().isOk());
    }

    @Test
    void disabledUsersTokenStopsWorkingAtOnce() throws Exception {
        User alice = fixtures.member(teamB, TeamRole.OWNER);
        String secret = issueToken(alice);
        mvc.perform(get("/api/v1/vms/{id}", vmB.getId()).header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk());

        User admin = fixtures.user(GlobalRole.ADMIN);
        mvc.perform(put("/api/v1/users/{id}", alice.getId()).with(user(admin.getUsername()).roles("ADMIN")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\":\"Alice\",\"role\":\"USER\",\"enabled\":false}"))
                .andExpect(status().isOk());

        mvc.perform(get("/api/v1/vms/{id}", vmB.getId()).header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/vms/{id}", vmB.getId()).with(user(alice.getUsername())))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void revokedOrMadeUpTokensAreRefused() throws Exception {
        User bob = fixtures.member(teamB, TeamRole.VIEWER);
        String secret = issueToken(bob);
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + secret + "x"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer not-a-token")).andExpect(status().isUnauthorized());
        String id = mvc.perform(get("/api/v1/me/tokens").header("Authorization", "Bearer " + secret))
                .andReturn().getResponse().getContentAsString().replaceAll(".*\"id\":(\\d+).*", "$1");
        mvc.perform(delete("/api/v1/me/tokens/{id}", id).header("Authorization", "Bearer " + secret))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + secret)).andExpect(status().isUnauthorized());
    }

    @Test
    void signedOutCallersGetProblemsFromTheApiAndTheLoginPageFromPages() throws Exception {
        mvc.perform(get("/api/v1/vms")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("Unauthorized"));
        mvc.perform(get("/vms")).andExpect(status().is3xxRedirection());
    }

    @Test
    void registeringAnotherTeamsVmFolderTakesNothingAndNamesNothing() throws Exception {
        RequestPostProcessor attacker = user(memberOfA.getUsername());
        Long datastore = vmB.getDatastore().getId();
        Path folder = fixtures.folderOf(vmB);
        byte[] disk = Files.readAllBytes(folder.resolve("disk0.qcow2"));
        List<String> targets = List.of("vm-" + vmB.getId(), "./vm-" + vmB.getId(), "vm-" + vmB.getId() + "/../vm-"
                + vmB.getId());
        for (boolean granted : List.of(false, true)) {
            if (granted) {
                grant(datastore, teamA);
            }
            for (String target : targets) {
                String answer = mvc.perform(post("/api/v1/vms/register").with(attacker).with(csrf())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"datastoreId\":" + datastore + ",\"folder\":\"" + target + "\",\"teamId\":"
                                        + teamA.getId() + "}"))
                        .andExpect(status().is4xxClientError())
                        .andReturn().getResponse().getContentAsString();
                assertThat(answer).doesNotContain(vmB.getName()).doesNotContain(templateB.name())
                        .doesNotContain(teamB.getName());
            }
        }
        assertThat(Files.readAllBytes(folder.resolve("disk0.qcow2"))).isEqualTo(disk);
        assertThat(vms.findByTeamId(teamA.getId())).extracting(Vm::getId).containsExactly(vmA.getId());
        assertThat(vms.findById(vmB.getId())).isPresent();
    }

    @Test
    void registeringNeedsTheTeamToHoldARightOnTheDatastore() throws Exception {
        RequestPostProcessor owner = user(memberOfA.getUsername());
        Path spare = fixtures.folderOf(vmA).resolveSibling(Fixtures.unique("spare"));
        Files.createDirectories(spare);
        for (String file : List.of("vm.conf", "disk0.qcow2")) {
            Files.copy(fixtures.folderOf(vmA).resolve(file), spare.resolve(file));
        }
        Files.writeString(spare.resolve("vm.conf"), Files.readString(spare.resolve("vm.conf"))
                .replace("name = " + vmA.getName(), "name = " + Fixtures.unique("spare")));
        Long datastore = vmA.getDatastore().getId();
        String body = "{\"datastoreId\":" + datastore + ",\"folder\":\"" + spare.getFileName() + "\",\"teamId\":"
                + teamA.getId() + "}";

        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isForbidden());
        assertThat(spare.resolve("vm.conf")).exists();

        grant(datastore, teamA);
        mvc.perform(post("/api/v1/vms/register").with(owner).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated());
    }

    @Test
    void aDisabledUsersSessionReadsNothingNotEvenTheApplianceCatalog() throws Exception {
        disable(ownerOfB);
        for (String path : List.of("/api/v1/appliances", "/api/v1/me", "/api/v1/vms", "/api/v1/images")) {
            mvc.perform(get(path).with(user(ownerOfB.getUsername()))).andExpect(status().isUnauthorized());
        }
    }

    @Test
    void everyApiOperationOnAnotherTeamsObjectsAnswersNotFound() throws Exception {
        Probes probes = probes();
        for (Endpoint endpoint : api()) {
            if (aboutTheVictimsObjects(endpoint) && !endpoint.toString().equals(TASK_EVENTS)) {
                boolean adminsOnly = ADMINS_ONLY.contains(endpoint.toString());
                probes.expect(endpoint, user(memberOfA.getUsername()), adminsOnly ? new Integer[] {403, 404}
                        : new Integer[] {404});
            }
        }
        probes.assertNothingFound("operations on team B's objects, as team A's owner");
    }

    @Test
    void everyApiChangeToATeamsObjectsIsForbiddenToAWeakerRole() throws Exception {
        Probes probes = probes();
        List<Endpoint> api = api();
        for (Endpoint endpoint : api) {
            if (endpoint.changes() && aboutTheVictimsObjects(endpoint) && !endpoint.root().equals("me")
                    && !VIEWER_MAY.contains(endpoint.toString())) {
                probes.expect(endpoint, user(viewerOfB.getUsername()), 403);
            }
            if (ADMINS_ONLY.contains(endpoint.toString())) {
                probes.expect(endpoint, user(ownerOfB.getUsername()), 403);
            }
        }
        probes.assertNothingFound("changes by a weaker role of team B");
    }

    @Test
    void everyApiChangeToSharedInfrastructureIsForbiddenToUsers() throws Exception {
        Probes probes = probes();
        for (Endpoint endpoint : api()) {
            if (endpoint.changes() && sharedChange(endpoint)) {
                probes.expect(endpoint, user(memberOfA.getUsername()), 403);
            }
        }
        probes.assertNothingFound("changes to shared objects by a user");
    }

    @Test
    void noApiReadShowsAnotherTeamsObjects() throws Exception {
        Probes probes = probes();
        for (Endpoint endpoint : api()) {
            if (!endpoint.changes() && !Victim.hasParameters(endpoint.path())
                    && !endpoint.toString().equals(TASK_EVENTS)) {
                probes.send(endpoint, user(memberOfA.getUsername()), true);
            }
        }
        probes.assertNothingFound("reads by team A's owner");
    }

    @Test
    void aDisabledUsersSessionGetsNothingFromAnyApiOperation() throws Exception {
        Probes probes = probes();
        disable(ownerOfB);
        for (Endpoint endpoint : api()) {
            probes.expect(endpoint, user(ownerOfB.getUsername()), 401);
        }
        probes.assertNothingFound("operations by a disabled user's session");
    }

    @Test
    void everyApiChangeWithoutAValidCsrfTokenIsRefused() throws Exception {
        Probes probes = probes();
        for (Endpoint endpoint : api()) {
            if (endpoint.changes()) {
                probes.expectCsrfRefusal(endpoint, user(ownerOfB.getUsername()));
            }
        }
        probes.assertNothingFound("changes riding on the session cookie alone");
    }

    @Test
    void everyPageOfAnotherTeamsObjectsAnswersNotFoundAndAdminPagesForbidden() throws Exception {
        Probes probes = probes();
        for (Endpoint page : pages()) {
            if (page.root().equals("admin")) {
                probes.expect(page, user(memberOfA.getUsername()), 403);
            } else if (page.toString().equals(CREATE_FORM)) {
                MockHttpServletResponse answer = probes.expect(page, user(memberOfA.getUsername()), 200);
                if (!answer.getContentAsString().contains("was not found")) {
                    probes.found(page + " did not refuse the other team's id");
                }
            } else if (aboutTheVictimsObjects(page)) {
                probes.expect(page, user(memberOfA.getUsername()), 404);
            }
        }
        probes.assertNothingFound("pages of team B's objects, as team A's owner");
        assertThat(vms.findByTeamId(teamB.getId())).hasSize(1);
    }

    @Test
    void everyPageChangeIsForbiddenToAWeakerRole() throws Exception {
        Probes probes = probes();
        for (Endpoint page : pages()) {
            if (!page.changes() || FORM_HELPERS.contains(page.toString())) {
                continue;
            }
            if (aboutTheVictimsObjects(page) && !page.root().equals("account")) {
                probes.expect(page, user(viewerOfB.getUsername()), 403);
            } else if (sharedChange(page) || page.root().equals("admin")) {
                probes.expect(page, user(memberOfA.getUsername()), 403);
            }
        }
        probes.assertNothingFound("page changes by a weaker role");
    }

    @Test
    void noPageShowsAnotherTeamsObjectsAndADisabledUserGetsNone() throws Exception {
        Probes probes = probes();
        User disabled = fixtures.member(teamA, TeamRole.OWNER);
        disable(disabled);
        for (Endpoint page : pages()) {
            if (page.changes() || page.root().equals("admin")) {
                continue;
            }
            if (!Victim.hasParameters(page.path())) {
                probes.send(page, user(memberOfA.getUsername()), true);
            }
            MockHttpServletResponse answer = probes.send(page, user(disabled.getUsername()), true);
            boolean toSignIn = answer.getStatus() == 302 && answer.getRedirectedUrl().endsWith("/login");
            if (answer.getStatus() < 400 && !toSignIn) {
                probes.found(page + " answered " + answer.getStatus() + " to a disabled user");
            }
        }
        probes.assertNothingFound("pages for team A's owner and for a disabled user");
    }

    @Test
    void everyPageChangeWithoutAValidCsrfTokenIsRefused() throws Exception {
        Probes probes = probes();
        for (Endpoint page : pages()) {
            if (page.changes()) {
                probes.expectCsrfRefusal(page, user(ownerOfB.getUsername()).roles("ADMIN"));
            }
        }
        probes.assertNothingFound("page changes riding on the session cookie alone");
    }

    private Probes probes() {
        return new Probes(mvc, victim());
    }

    /** Team B's objects by the path segment that names them, plus the shared objects every path may name. */
    private Victim victim() {
        Datastore datastore = datastores.findAll().getFirst();
        Image image = images.findByName("probe-image").orElseGet(() -> images.save(
                Image.kernel("probe-image", datastore, "probe.Image", null, null, 0, Instant.now())));
        Long token = fixtures.as(viewerOfB.getUsername(), () -> tokens.issue(new TokenRequest("victim", null))).getId();
        Map<String, Object> ids = Map.ofEntries(
                Map.entry("vms", vmB.getId()), Map.entry("snapshots", snapshotB.getId()),
                Map.entry("templates", templateB.getId()), Map.entry("tasks", taskB),
                Map.entry("teams", teamB.getId()), Map.entry("members", viewerOfB.getId()),
                Map.entry("sessions", "no-such-session"), Map.entry("tokens", token),
                Map.entry("users", viewerOfB.getId()), Map.entry("images", image.getId()),
                Map.entry("networks", networks.findAll().stream().findFirst().map(Network::getId).orElse(Long.MAX_VALUE)), Map.entry("datastores", datastore.getId()),
                Map.entry("appliances", "tiny"), Map.entry("nics", fixtures.firstNicOf(vmB)),
                Map.entry("forwards", forwardB.id()), Map.entry("hosts", probeHost()));
        Map<String, String> placeholders = Map.of("team", String.valueOf(teamB.getId()),
                "vm", String.valueOf(vmB.getId()), "datastore", String.valueOf(datastore.getId()),
                "member", viewerOfB.getUsername(), "password", Fixtures.PASSWORD,
                "network", String.valueOf(fixtures.defaultNetwork().getId()));
        return new Victim(ids, placeholders, List.of(vmB.getName(), templateB.name(), teamB.getName(),
                snapshotB.getName()));
    }

    /** A libvirt host in the inventory (never reached: TLS without certificates, and its name does not resolve), for the hosts API's paths. */
    private Long probeHost() {
        return hosts.findAll().stream().findFirst().orElseGet(() -> hosts.save(new Host("probe-host",
                HostUri.parse("qemu+tls://probe-host.invalid/system"), Instant.now()))).getId();
    }

    private List<Endpoint> api() throws Exception {
        return Surface.api(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private List<Endpoint> pages() {
        return Surface.pages(mappings);
    }

    /** Whether the operation names one of team B's objects, or a personal one of B's member, by id or in its body. */
    private static boolean aboutTheVictimsObjects(Endpoint endpoint) {
        String root = endpoint.root();
        boolean byId = Victim.hasParameters(endpoint.path())
                && (Victim.TEAM_OWNED.contains(root) || Victim.PERSONAL.contains(root));
        return byId || Examples.namesATeam(endpoint);
    }

    /**
     * A change to shared infrastructure, or the creation of something shared (a team, a shared template); one under
     * a shared root that names a team (a team's own image upload) is about that team's objects instead.
     */
    private static boolean sharedChange(Endpoint endpoint) {
        String root = endpoint.root();
        return (Victim.SHARED.contains(root) && !Examples.namesATeam(endpoint))
                || (Victim.TEAM_OWNED.contains(root) && !Victim.hasParameters(endpoint.path())
                && !Examples.namesATeam(endpoint) && !FORM_HELPERS.contains(endpoint.toString()));
    }

    private void grant(Long datastore, Team team) throws Exception {
        mvc.perform(put("/api/v1/datastores/{id}/teams/{team}", datastore, team.getId())
                        .with(fixtures.signedInAdmin()).with(csrf()))
                .andExpect(status().is2xxSuccessful());
    }

    private void disable(User user) throws Exception {
        mvc.perform(put("/api/v1/users/{id}", user.getId())
                        .with(fixtures.signedInAdmin()).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\":\"Gone\",\"role\":\"USER\",\"enabled\":false}"))
                .andExpect(status().isOk());
    }

    private String issueToken(User owner) throws Exception {
        String body = mvc.perform(post("/api/v1/me/tokens").with(user(owner.getUsername())).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"script\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return body.replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1");
    }
}
