package io.vireo.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.springframework.data.domain.Pageable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.image.Image;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.network.internal.NetworkRepository;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.snapshot.SnapshotRequest;
import io.vireo.console.snapshot.SnapshotService;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskState;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.team.internal.Membership;
import io.vireo.console.team.internal.MembershipRepository;
import io.vireo.console.team.internal.TeamRepository;
import io.vireo.console.template.TemplateRequest;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.user.internal.UserRepository;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmCreation;
import io.vireo.console.vm.VmPowerService;
import io.vireo.console.vm.VmRequest;
import io.vireo.console.vm.VmView;
import io.vireo.engine.boot.KernelImage;

/** Builds uniquely named test data through the same services the console uses. */
@Component
public class Fixtures {

    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Keeps names unique across runs too, for databases that outlive a run (a developer's PostgreSQL). */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36);

    private final UserRepository users;
    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final QuotaService quotas;
    private final VmCreation vms;
    private final SnapshotService snapshots;
    private final TemplateService templates;
    private final TaskService tasks;
    private final DatastoreRepository datastores;
    private final DatastoreService datastoreService;
    private final NetworkRepository networks;
    private final ImageRepository images;
    private final VmPowerService power;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final String passwordHash;

    Fixtures(UserRepository users, TeamRepository teams, MembershipRepository memberships, QuotaService quotas,
            VmCreation vms, SnapshotService snapshots, TemplateService templates, TaskService tasks,
            DatastoreRepository datastores, DatastoreService datastoreService, NetworkRepository networks,
            ImageRepository images, VmPowerService power,
            PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.teams = teams;
        this.memberships = memberships;
        this.quotas = quotas;
        this.vms = vms;
        this.snapshots = snapshots;
        this.templates = templates;
        this.tasks = tasks;
        this.datastores = datastores;
        this.datastoreService = datastoreService;
        this.networks = networks;
        this.images = images;
        this.power = power;
        this.passwords = passwords;
        this.clock = clock;
        this.passwordHash = passwords.encode(PASSWORD);
    }

    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public User user(GlobalRole role) {
        String name = unique(role == GlobalRole.ADMIN ? "admin" : "user");
        return users.save(new User(name, "Test " + name, null, passwordHash, role, clock.instant()));
    }

    public Team team() {
        Team team = teams.save(new Team(unique("team"), null, clock.instant()));
        quotas.grantDefault(team.getId());
        return team;
    }

    public User member(Team team, TeamRole role) {
        User user = user(GlobalRole.USER);
        memberships.save(new Membership(team, user, role));
        return user;
    }

    /** A provisioned VM of the team: its create task has finished. */
    public VmView vm(Team team) {
        VmView vm = asAdmin(() -> vms.create(new VmRequest(unique("vm"), null, team.getId(), 1, 512L, BootSource.DISK,
                null, null, datastores.findAll().getFirst().getId(),
                List.of(new VmRequest.DiskRequest(1L, null)),
                List.of(new VmRequest.NicRequest(networks.findAll().getFirst().getId(), null)))));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> createTaskOf(vm).getState() == TaskState.SUCCEEDED);
        return vm;
    }

    /**
     * A VM powered on in the engine that runs a two-instruction guest ({@code wfi; j .}): it has a screen
     * and a serial port at once, with no kernel to boot and no CPU spent while it waits.
     */
    public VmView runningVm(Team team) {
        Long kernel = idleKernel().getId();
        VmView vm = asAdmin(() -> vms.create(new VmRequest(unique("idle"), null, team.getId(), 1, 64L, BootSource.IMAGE,
                kernel, null, datastores.findAll().getFirst().getId(), List.of(), List.of())));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> createTaskOf(vm).getState() == TaskState.SUCCEEDED);
        asAdmin(() -> power.changePower(vm.id(), PowerAction.START, null));
        return vm;
    }

    /** The idle guest as a kernel image in the first datastore, registered once per database. */
    private synchronized Image idleKernel() {
        String name = "idle-guest";
        return images.findByName(name).orElseGet(() -> {
            Datastore store = datastores.findAll().getFirst();
            ByteBuffer program = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x10500073) // wfi
                    .putInt(0xffdff06f); // j -4
            byte[] kernel = KernelImage.wrapBareMetal(program.array());
            try {
                Files.createDirectories(store.directory());
                Files.write(store.directory().resolve(name + ".Image"), kernel);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return images.save(Image.kernel(name, store, name + ".Image", null, "", kernel.length, clock.instant()));
        });
    }

    /** Grants the first datastore to the team, so its owners may register VM folders found there. */
    public void grantDatastore(Team team) {
        asAdmin(() -> datastoreService.grant(datastores.findAll().getFirst().getId(), team.getId()));
    }

    /** Sets the team's quota, as an administrator would. */
    public void quota(Team team, Resources limits) {
        asAdmin(() -> {
            quotas.change(team.getId(), limits);
            return null;
        });
    }

    /** The VM's folder in its datastore, for records loaded outside a transaction too. */
    public Path folderOf(VmView vm) {
        return folder(vm.datastoreId(), vm.id());
    }

    public Path folderOf(Vm vm) {
        return folder(vm.getDatastore().getId(), vm.getId());
    }

    private Path folder(Long datastoreId, Long vmId) {
        return datastores.findById(datastoreId).orElseThrow().directory().resolve("vm-" + vmId);
    }

    /** The task that provisioned the VM. */
    public Task createTaskOf(VmView vm) {
        String description = "Create VM " + vm.name();
        return asAdmin(() -> tasks.list(null, description, Pageable.unpaged()).getContent().stream()
                .filter(task -> task.getDescription().equals(description)).findFirst().orElseThrow());
    }

    public Snapshot snapshot(VmView vm) {
        return asAdmin(() -> snapshots.create(vm.id(), new SnapshotRequest(unique("snap"), null)));
    }

    public TemplateView template(Team team) {
        return asAdmin(() -> templates.create(new TemplateRequest(unique("tpl"), null, team.getId(), 1, 512, 1, null)));
    }

    /** Runs as the first-start administrator, as the console's own set-up would. */
    public <T> T asAdmin(Supplier<T> work) {
        return as("admin", work);
    }

    /** Runs as the named user, as if they were signed in. */
    public <T> T as(String username, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null,
                AuthorityUtils.createAuthorityList(username.equals("admin") ? "ROLE_ADMIN" : "ROLE_USER")));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public User save(User user) {
        return users.save(user);
    }

    public PasswordEncoder passwords() {
        return passwords;
    }
}
