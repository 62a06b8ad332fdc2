package io.vireo.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.appliance.ApplianceService;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreRequest;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.internal.ImageRepository;
import io.vireo.console.network.Network;
import io.vireo.console.network.NetworkService;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.snapshot.Snapshot;
import io.vireo.console.snapshot.SnapshotRequest;
import io.vireo.console.snapshot.SnapshotService;
import io.vireo.console.snapshot.internal.SnapshotRepository;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskState;
import io.vireo.console.task.TaskView;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.team.internal.Membership;
import io.vireo.console.team.internal.MembershipRepository;
import io.vireo.console.team.internal.TeamRepository;
import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateRequest;
import io.vireo.console.template.TemplateService;
import io.vireo.console.template.TemplateView;
import io.vireo.console.template.internal.TemplateRepository;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.user.internal.UserRepository;
import io.vireo.console.vm.BootSource;
import io.vireo.console.vm.ForwardProtocol;
import io.vireo.console.vm.ForwardRequest;
import io.vireo.console.vm.NicRequest;
import io.vireo.console.vm.NicView;
import io.vireo.console.vm.PowerAction;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmCreation;
import io.vireo.console.vm.VmForwards;
import io.vireo.console.vm.VmPowerService;
import io.vireo.console.vm.VmRequest;
import io.vireo.console.vm.VmView;
import io.vireo.console.vm.internal.VmRepository;
import io.vireo.engine.boot.KernelImage;

/** Builds uniquely named test data through the same services the console uses. */
@Component
public class Fixtures {

    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Keeps names unique across runs too, for databases that outlive a run (a developer's PostgreSQL). */
    /** Host ports of forwards the fixtures record (never bound: their VMs stay off), one per forward. */
    private static final AtomicInteger FORWARD_PORTS =
            new AtomicInteger(30000 + (int) (System.nanoTime() % 20000));
    private static final String RUN = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36);

    private final UserRepository users;
    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final QuotaService quotas;
    private final VmCreation creation;
    private final VmRepository vms;
    private final SnapshotRepository snapshots;
    private final JdbcTemplate jdbc;
    private final TemplateService templates;
    private final TaskService tasks;
    private final DatastoreRepository datastores;
    private final DatastoreService datastoreService;
    private final ImageRepository images;
    private final VmPowerService power;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final String passwordHash;
    private Image kernel;
    private final SnapshotService snapshotService;
    private final ApplianceService appliances;
    private final TemplateRepository templateRepository;
    private final NetworkService networks;
    private final VmForwards forwards;

    Fixtures(UserRepository users, TeamRepository teams, MembershipRepository memberships, QuotaService quotas,
            VmCreation creation, VmRepository vms, SnapshotRepository snapshots, JdbcTemplate jdbc,
            TemplateService templates,
            TaskService tasks, DatastoreRepository datastores, DatastoreService datastoreService,
            ImageRepository images, VmPowerService power, SnapshotService snapshotService, ApplianceService appliances,
            TemplateRepository templateRepository, NetworkService networks, VmForwards forwards, PasswordEncoder passwords,
            Clock clock) {
        this.networks = networks;
        this.forwards = forwards;
        this.appliances = appliances;
        this.templateRepository = templateRepository;
        this.snapshotService = snapshotService;
        this.users = users;
        this.teams = teams;
        this.memberships = memberships;
        this.quotas = quotas;
        this.creation = creation;
        this.vms = vms;
        this.snapshots = snapshots;
        this.jdbc = jdbc;
        this.templates = templates;
        this.tasks = tasks;
        this.datastores = datastores;
        this.datastoreService = datastoreService;
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

    /** A new member of the team in {@code role}, signed in for MockMvc requests ({@code .with(...)}). */
    public RequestPostProcessor signedIn(Team team, TeamRole role) {
        return SecurityMockMvcRequestPostProcessors.user(member(team, role).getUsername());
    }

    /** A new administrator, signed in for MockMvc requests. */
    public RequestPostProcessor signedInAdmin() {
        return SecurityMockMvcRequestPostProcessors.user(user(GlobalRole.ADMIN).getUsername()).roles("ADMIN");
    }

    /**
     * A provisioned VM of the team, made from one of its templates (so it boots a kernel): its create task
     * has finished.
     */
    public Vm vm(Team team) {
        Long templateId = template(team).getId();
        return provisioned(new VmRequest(unique("vm"), null, team.getId(), 1, 512L, BootSource.TEMPLATE, null,
                templateId, datastores.findAll().getFirst().getId(), List.of(), List.of()));
    }

    /**
     * A VM powered on in the engine that runs a two-instruction guest ({@code wfi; j .}): it has a screen
     * and a serial port at once, with no kernel to boot and no CPU spent while it waits.
     */
    public Vm runningVm(Team team) {
        Vm vm = idleVm(team, List.of());
        asAdmin(() -> power.changePower(vm.getId(), PowerAction.START, null));
        return vm;
    }

    /** The NAT network {@code default} the console makes at its first start. */
    public Network defaultNetwork() {
        return networks.byName(NetworkService.DEFAULT).orElseThrow();
    }

    /** A provisioned VM of the team, as {@link #vm}, with one NIC on the network {@code default}. */
    public Vm vmWithNic(Team team) {
        Long templateId = template(team).getId();
        return provisioned(new VmRequest(unique("vm"), null, team.getId(), 1, 512L, BootSource.TEMPLATE, null,
                templateId, datastores.findAll().getFirst().getId(), List.of(),
                List.of(NicRequest.on(defaultNetwork().getId()))));
    }

    /** A loopback port nothing listens on right now (a forward's host port, say). */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The id of the VM's first network card. */
    public Long firstNicOf(Vm vm) {
        return jdbc.queryForObject("select id from vm_nics where vm_id = ? and position = 0", Long.class, vm.getId());
    }

    /** A TCP forward from a loopback port no other forward uses to port 80 of the VM's first NIC. */
    public NicView.Forward forward(Vm vm) {
        int port = FORWARD_PORTS.getAndIncrement();
        return asAdmin(() -> forwards.add(vm.getId(), firstNicOf(vm), new ForwardRequest(ForwardProtocol.TCP, null,
                port, 80)));
    }

    /** A stopped VM that boots the idle guest of {@link #runningVm}, with these disks. */
    public Vm idleVm(Team team, List<VmRequest.DiskRequest> disks) {
        Long kernel = idleKernel().getId();
        return provisioned(new VmRequest(unique("idle"), null, team.getId(), 1, 64L, BootSource.IMAGE, kernel, null,
                datastores.findAll().getFirst().getId(), disks, List.of()));
    }

    /** Creates the VM as the administrator and waits for its create task; answers its record as saved then. */
    private Vm provisioned(VmRequest request) {
        VmView created = asAdmin(() -> creation.create(request));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> createTaskOf(created.name()).getState() == TaskState.SUCCEEDED);
        return vms.findById(created.id()).orElseThrow();
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

    /** A new, empty datastore in a folder of its own beside the first one's, as an administrator adds one. */
    public Datastore anotherDatastore() {
        Path folder = datastores.findAll().getFirst().directory().resolveSibling(unique("store"));
        return asAdmin(() -> datastoreService.create(new DatastoreRequest(unique("store"), folder.toString())));
    }

    /** Sets the team's quota, as an administrator would. */
    public void quota(Team team, Resources limits) {
        asAdmin(() -> {
            quotas.change(team.getId(), limits);
            return null;
        });
    }

    /**
     * A kernel image with its initramfs, as an appliance build registers one. The files hold no real kernel:
     * enough for everything but booting it in the engine.
     */
    public synchronized Image kernelImage() {
        if (kernel == null) {
            Datastore datastore = datastores.findAll().getFirst();
            String folder = "kernels/" + unique("kernel");
            try {
                Path directory = datastore.directory().resolve(folder);
                Files.createDirectories(directory);
                Files.write(directory.resolve("Image"), new byte[4096]);
                Files.write(directory.resolve("initramfs.gz"), new byte[1024]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kernel = images.save(Image.kernel(unique("kernel"), datastore, folder + "/Image",
                    folder + "/initramfs.gz", "console=ttyS0", 5120, clock.instant()));
        }
        return kernel;
    }

    /** A shared ISO image of {@code blocks} zeroed 2048-byte blocks in the first datastore. */
    public Image isoImage(int blocks) {
        return isoImage(datastores.findAll().getFirst(), blocks);
    }

    /** A shared ISO image of {@code blocks} zeroed 2048-byte blocks in the datastore, as administrators register. */
    public Image isoImage(Datastore datastore, int blocks) {
        String name = unique("iso");
        try {
            Files.createDirectories(datastore.directory().resolve(ImageService.FOLDER));
            Files.write(datastore.directory().resolve(ImageService.FOLDER).resolve(name + ".iso"),
                    new byte[blocks * 2048]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images.save(Image.iso(name, null, datastore, ImageService.FOLDER + "/" + name + ".iso", blocks * 2048L,
                clock.instant()));
    }

    /** The VM's folder in its datastore, for records loaded outside a transaction too. */
    public Path folderOf(Vm vm) {
        return datastores.findById(vm.getDatastore().getId()).orElseThrow().directory().resolve(vm.directoryName());
    }

    /** The task that provisioned the VM. */
    public Task createTaskOf(Vm vm) {
        return createTaskOf(vm.getName());
    }

    private Task createTaskOf(String vmName) {
        String description = "Create VM " + vmName;
        return asAdmin(() -> tasks.list(null, description, Pageable.unpaged()).getContent().stream()
                .filter(task -> task.getDescription().equals(description)).findFirst().orElseThrow());
    }

    /** A snapshot taken of the VM (the administrator asks; its task has finished): it becomes the current one. */
    public Snapshot snapshot(Vm vm) {
        String name = unique("snap");
        TaskView task = asAdmin(() -> snapshotService.take(vm.getId(), new SnapshotRequest(name, null, false)));
        awaitSucceeded(task.id());
        Long id = jdbc.queryForObject("select current_snapshot_id from vms where id = ?", Long.class, vm.getId());
        return snapshots.findById(id).orElseThrow();
    }

    /**
     * The tiny appliance as a template: built once per database (from the cache under ~/.cache/vireo after the
     * first time), since a second build would register a second template of the same name.
     */
    public Long tinyTemplate() {
        return builtTemplate("tiny");
    }

    /** The shared template of a catalog appliance, built (or taken from the cache) on first use. */
    public synchronized Long builtTemplate(String appliance) {
        List<Template> built = templateRepository.findByName(appliance);
        if (!built.isEmpty()) {
            return built.getFirst().getId();
        }
        Long taskId = asAdmin(() -> appliances.build(appliance).getId());
        Awaitility.await().atMost(Duration.ofMinutes(15)).until(() -> asAdmin(() -> tasks.get(taskId).getState().isFinal()));
        assertThat(asAdmin(() -> tasks.get(taskId).getState())).isEqualTo(TaskState.SUCCEEDED);
        return templateRepository.findByName(appliance).getFirst().getId();
    }

    /** Waits for a task to finish and fails with its reason unless it succeeded. */
    public Task awaitSucceeded(Long taskId) {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> asAdmin(() -> tasks.get(taskId)).getState().isFinal());
        Task done = asAdmin(() -> tasks.get(taskId));
        assertThat(done.getState()).as("task %s: %s", done.getDescription(), done.getFailureReason())
                .isEqualTo(TaskState.SUCCEEDED);
        return done;
    }

    public TemplateView template(Team team) {
        Long imageId = kernelImage().getId();
        return asAdmin(() -> templates.create(new TemplateRequest(unique("tpl"), null, team.getId(), 1, 512, 1,
                imageId)));
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
