package io.vireo.console.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.BoundedWrite;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.PrintableText;
import io.vireo.console.engine.DiskImages;
import io.vireo.console.engine.KernelFiles;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;

/**
 * Takes an uploaded disk image or kernel into the library. The upload is written into a staging folder of the
 * datastore ({@code .upload-<uuid>}), unpacked on the way when it is gzip-compressed, and checked there: a disk the
 * engine reads, standing alone, of a believable size; a RISC-V kernel. A task then converts the disk into
 * {@code images/<name>.qcow2} (a kernel and its initramfs are moved beside it as they are) and records the image,
 * which the finished task names. Whatever is refused, fails or is cancelled leaves neither the staging folder nor a
 * partial image behind.
 */
@Service
class ImageUploads {
    static final String STAGING_PREFIX = ".upload-";
    /** Far beyond any disk an upload brings; a header claiming more is lying. */
    static final long MAX_VIRTUAL_BYTES = 64L << 40;
    private static final long GIB = 1L << 30;
    private static final int SECTOR = 512;
    private static final Pattern NAME = Pattern.compile(ImageName.PATTERN);
    private static final List<String> SUFFIXES = List.of(".gz", ".qcow2", ".raw", ".img", ".vmdk", ".kernel");

    /** What the user chose beside the file: {@code kind} DISK (the default) or KERNEL, no team for a shared image. */
    record Choice(ImageKind kind, String name, Long datastoreId, Long teamId, String commandLine) {
    }

    private final ImageService images;
    private final TeamService teams;
    private final DatastoreService datastores;
    private final QuotaService quotas;
    private final DiskImages disks;
    private final KernelFiles kernels;
    private final TaskService tasks;
    private final AccessPolicy access;
    private final TransactionTemplate transactions;
    private final ImageUploadLimits limits;

    ImageUploads(ImageService images, TeamService teams, DatastoreService datastores, QuotaService quotas,
            DiskImages disks, KernelFiles kernels, TaskService tasks, AccessPolicy access,
            TransactionTemplate transactions, ImageUploadLimits limits) {
        this.images = images;
        this.teams = teams;
        this.datastores = datastores;
        this.quotas = quotas;
        this.disks = disks;
        this.kernels = kernels;
        this.tasks = tasks;
        this.access = access;
        this.transactions = transactions;
        this.limits = limits;
    }

    /**
     * Checks the choice and the file, stages and checks its bytes, and answers the task that makes the image. A
     * shared image is an administrator's to upload, a team's needs CONFIGURE on the team and, unless an
     * administrator uploads it, a datastore granted to the team.
     */
    @Audited(action = "image.upload", target = "Image")
    public Task upload(Choice choice, MultipartFile file, MultipartFile initrd) {
        ImageKind kind = choice.kind() == null ? ImageKind.DISK : choice.kind();
        if (kind == ImageKind.ISO) {
            throw new InvalidFieldException("kind", ImageService.NO_ISO);
        }
        Optional<Team> team = owner(kind, choice.teamId());
        Datastore datastore = datastore(choice.datastoreId(), team);
        String fileName = plainName(file, "file");
        boolean withInitrd = initrd != null && !initrd.isEmpty();
        if (withInitrd && kind != ImageKind.KERNEL) {
            throw new InvalidFieldException("initrd", "Only a kernel comes with an initramfs");
        }
        if (withInitrd) {
            plainName(initrd, "initrd");
        }
        String commandLine = commandLine(choice.commandLine(), kind);
        String name = name(choice.name(), fileName);
        Target target = Target.of(kind, name, datastore, withInitrd);
        checkFree(target);
        long announced = file.getSize() + (withInitrd ? initrd.getSize() : 0);
        ensureQuota(team, file.getSize());
        datastores.ensureRoom(datastore, announced, "Uploading image " + name);

        Path folder = datastore.directory().resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(folder);
            Path staged = stage(file, folder.resolve("file"), "file", kind == ImageKind.DISK);
            Optional<Path> initrdFile = withInitrd
                    ? Optional.of(stage(initrd, folder.resolve("initrd"), "initrd", false)) : Optional.empty();
            if (kind == ImageKind.DISK) {
                checkDisk(staged, fileName);
            } else {
                checkKernel(staged);
            }
            long bytes = Files.size(staged);
            ensureQuota(team, bytes);
            datastores.ensureRoom(datastore, kind == ImageKind.DISK ? bytes : 0, "Converting image " + name);
            return tasks.submit(new TaskSpec("image.upload", "Upload image " + name + " from " + fileName,
                    team.map(Team::getId).orElse(null), "Image", null), progress -> {
                        try {
                            write(target, team.orElse(null), datastore, staged, initrdFile, commandLine, progress);
                        } finally {
                            remove(folder);
                        }
                    });
        } catch (IOException e) {
            removeQuietly(folder, e);
            throw new InvalidFieldException("file", "The upload cannot be staged in datastore " + datastore.getName()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            removeQuietly(folder, e);
            throw e;
        }
    }

    /** Where the image's files go: {@code images/<name>.qcow2}, or a kernel and its initramfs as they came. */
    private record Target(ImageKind kind, String name, Path file, Optional<Path> initrd) {
        static Target of(ImageKind kind, String name, Datastore datastore, boolean withInitrd) {
            Path folder = datastore.directory().resolve(ImageService.FOLDER);
            if (kind == ImageKind.DISK) {
                return new Target(kind, name, folder.resolve(name + ".qcow2"), Optional.empty());
            }
            return new Target(kind, name, folder.resolve(name + ".kernel"),
                    withInitrd ? Optional.of(folder.resolve(name + ".initrd")) : Optional.empty());
        }
    }

    /** A team's image counts against its disk quota: what the upload brings, rounded up to whole GiB. */
    private void ensureQuota(Optional<Team> team, long bytes) {
        team.ifPresent(t -> transactions.executeWithoutResult(status -> quotas.ensureRoom(t.getId(),
                new Resources(0, 0, gib(bytes), 0))));
    }

    private Optional<Team> owner(ImageKind kind, Long teamId) {
        if (teamId == null) {
            access.requireAdmin();
            return Optional.empty();
        }
        Team team = teams.authorized(teamId, Permission.CONFIGURE);
        if (kind == ImageKind.KERNEL) {
            throw new InvalidFieldException("teamId", "Kernel images are shared with everyone; leave the team out"
                    + " (administrators upload them)");
        }
        return Optional.of(team);
    }

    private Datastore datastore(Long datastoreId, Optional<Team> team) {
        Datastore datastore = datastoreId == null
                ? datastores.first().orElseThrow(() -> new InvalidFieldException("datastoreId", "No datastore exists"))
                : datastores.find(datastoreId).orElseThrow(() -> new InvalidFieldException("datastoreId",
                        "No such datastore"));
        if (team.isPresent() && !datastore.isGrantedTo(team.get().getId()) && !access.caller().admin()) {
            throw new AccessDeniedException("Team " + team.get().getName() + " may not keep images in datastore "
                    + datastore.getName() + "; an administrator can grant it the datastore");
        }
        return datastore;
    }

    /** The file's name as sent, refused when it has folders in it: a browser sends a plain name. */
    private String plainName(MultipartFile part, String field) {
        if (part == null || part.isEmpty()) {
            throw new InvalidFieldException(field, "Choose a file to upload (an empty file is no image)");
        }
        String name = part.getOriginalFilename() == null ? "" : part.getOriginalFilename();
        if (name.isBlank() || name.length() > 255 || name.contains("/") || name.contains("\\") || name.contains(":")
                || name.equals(".") || name.equals("..") || !name.matches(PrintableText.PATTERN)) {
            throw new InvalidFieldException(field, "The file name " + abbreviate(name) + " is not a plain file name;"
                    + " send the file's own name, without folders");
        }
        if (part.getSize() > limits.maxBytes()) {
            throw new InvalidFieldException(field, name + " is " + mib(part.getSize()) + " MiB, more than the "
                    + mib(limits.maxBytes()) + " MiB an upload may be");
        }
        return name;
    }

    private static String commandLine(String commandLine, ImageKind kind) {
        if (commandLine == null || commandLine.isBlank()) {
            return null;
        }
        if (kind != ImageKind.KERNEL) {
            throw new InvalidFieldException("commandLine", "Only a kernel has a command line");
        }
        if (commandLine.length() > 1024 || !commandLine.matches(PrintableText.PATTERN)) {
            throw new InvalidFieldException("commandLine", "At most 1024 characters, " + PrintableText.RULE);
        }
        return commandLine;
    }

    /** The chosen name, else the file's name without its suffixes; it names the image's file too. */
    private static String name(String chosen, String fileName) {
        String name = chosen == null || chosen.isBlank() ? stem(fileName) : chosen.strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidFieldException("name", "The image name " + abbreviate(name) + " is not valid: "
                    + ImageName.RULE);
        }
        return name;
    }

    private static String stem(String fileName) {
        String stem = fileName;
        for (boolean cut = true; cut; ) {
            cut = false;
            for (String suffix : SUFFIXES) {
                if (stem.toLowerCase(Locale.ROOT).endsWith(suffix) && stem.length() > suffix.length()) {
                    stem = stem.substring(0, stem.length() - suffix.length());
                    cut = true;
                }
            }
        }
        return stem;
    }

    private void checkFree(Target target) {
        if (images.exists(target.name())) {
            throw new InvalidFieldException("name", "An image named " + target.name() + " already exists");
        }
        for (Path p : Stream.concat(Stream.of(target.file()), target.initrd().stream()).toList()) {
            if (Files.exists(p)) {
                throw new InvalidFieldException("name", "The datastore already holds a file " + ImageService.FOLDER
                        + "/" + p.getFileName() + "; choose another name");
            }
        }
    }

    /**
     * Writes the part into {@code folder}: as sent, never past the size the request announced, or (a disk) unpacked
     * when it is gzip-compressed, never past the upload limit. The datastore's free room is watched as it grows.
     */
    private Path stage(MultipartFile part, Path folder, String field, boolean unpack) throws IOException {
        String name = part.getOriginalFilename();
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        try (InputStream in = new BufferedInputStream(part.getInputStream(), 1 << 16)) {
            in.mark(2);
            boolean gzip = unpack && in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (gzip) {
                BoundedWrite.copy(new GZIPInputStream(in, 1 << 16), target, limits.maxBytes());
            } else if (BoundedWrite.copy(in, target, part.getSize()) != part.getSize()) {
                throw new InvalidFieldException(field, name + " ended before the " + part.getSize() + " bytes the"
                        + " upload announced");
            }
            if (Files.size(target) == 0) {
                throw new InvalidFieldException(field, name + " holds nothing");
            }
            return target;
        } catch (BoundedWrite.TooLong e) {
            throw new InvalidFieldException(field, name + " unpacks to more than the " + mib(limits.maxBytes())
                    + " MiB an upload may be");
        } catch (BoundedWrite.NoRoom e) {
            throw new InvalidFieldException(field, "The datastore filled up while " + name + " was written; nothing"
                    + " was kept");
        } catch (ZipException | EOFException e) {
            throw new InvalidFieldException(field, name + " is not a whole gzip file: " + e.getMessage());
        }
    }

    private void checkDisk(Path staged, String fileName) {
        try {
            if (disks.isVmdkDescriptor(staged)) {
                throw new InvalidFieldException("file", fileName + " is a VMDK text descriptor: the disk's data lies"
                        + " in the extent files it names. Upload the disk as one file (qcow2, raw, or a"
                        + " monolithicSparse or streamOptimized VMDK), or import the OVF package with its extents");
            }
            DiskImages.Inspection inspection = disks.inspect(staged, staged.getParent());
            if (inspection.hasBacking()) {
                throw new InvalidFieldException("file", fileName + " reads through a backing file; upload a"
                        + " standalone image (flatten it first)");
            }
            if (inspection.virtualSize() > MAX_VIRTUAL_BYTES) {
                throw new InvalidFieldException("file", fileName + " claims a disk of " + inspection.virtualSize()
                        + " bytes, more than the " + (MAX_VIRTUAL_BYTES >> 40) + " TiB Vireo takes");
            }
            switch (inspection.format()) {
                case "qcow2" -> {
                    List<String> problems = disks.problems(staged);
                    if (!problems.isEmpty()) {
                        throw new InvalidFieldException("file", fileName + " is a damaged qcow2: "
                                + String.join("; ", problems));
                    }
                }
                case "raw" -> {
                    if (inspection.fileSize() % SECTOR != 0) {
                        throw new InvalidFieldException("file", fileName + " is not a qcow2 or VMDK image, and its "
                                + inspection.fileSize() + " bytes are not whole 512-byte sectors, as a raw disk's"
                                + " are");
                    }
                }
                default -> {
                    // a one-file VMDK the engine opened and read the tables of
                }
            }
        } catch (IOException e) {
            throw new InvalidFieldException("file", fileName + " is not a disk image the engine reads: "
                    + withoutFolder(e, staged.getParent()));
        }
    }

    private void checkKernel(Path staged) {
        try {
            kernels.check(staged);
        } catch (IOException e) {
            throw new InvalidFieldException("file", withoutFolder(e, staged.getParent()));
        }
    }

    /** The engine's words about a staged file, naming it as the user did rather than where it is staged. */
    private static String withoutFolder(IOException e, Path folder) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace(folder.toAbsolutePath() + "/", "").replace(folder + "/", "");
    }

    /** The task's work: the image's files in place, then its row; a failure removes what it wrote. */
    private void write(Target target, Team team, Datastore datastore, Path staged, Optional<Path> stagedInitrd,
            String commandLine, TaskProgress progress) throws IOException {
        progress.report(2);
        Files.createDirectories(target.file().getParent());
        List<Path> written = new ArrayList<>();
        try {
            if (target.kind() == ImageKind.DISK) {
                convert(staged, target.file(), written, percent(progress, 5, 95));
                Image image = transactions.execute(status -> record(() -> images.recordDisk(target.name(), team,
                        datastore, target.file())));
                progress.made(image.getId());
            } else {
                move(staged, target.file(), written);
                if (stagedInitrd.isPresent()) {
                    move(stagedInitrd.get(), target.initrd().orElseThrow(), written);
                }
                Image image = transactions.execute(status -> record(() -> images.recordKernel(target.name(),
                        datastore, target.file(), target.initrd(), commandLine)));
                progress.made(image.getId());
            }
            progress.report(99);
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private void convert(Path staged, Path dest, List<Path> written, DoubleConsumer done) throws IOException {
        if (Files.exists(dest)) {
            throw new FileAlreadyExistsException(dest.getFileName() + " appeared in the datastore meanwhile");
        }
        written.add(dest);
        disks.flatten(staged, dest, done);
    }

    private static void move(Path from, Path to, List<Path> written) throws IOException {
        Files.move(from, to);
        written.add(to);
    }

    @FunctionalInterface
    private interface Recording {
        Image run() throws IOException;
    }

    private static Image record(Recording recording) {
        try {
            return recording.run();
        } catch (IOException e) {
            throw new IllegalStateException("The image was written but cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reports {@code from}..{@code to} percent as a fraction grows, only when the percentage does. */
    private static DoubleConsumer percent(TaskProgress progress, int from, int to) {
        int[] last = {-1};
        return fraction -> {
            int p = from + (int) ((to - from) * Math.min(1, fraction));
            if (p > last[0]) {
                last[0] = p;
                progress.report(p);
            }
        };
    }

    private static void remove(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void removeQuietly(Path folder, Exception cause) {
        try {
            remove(folder);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static long gib(long bytes) {
        return Math.max(1, (bytes + GIB - 1) / GIB);
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
