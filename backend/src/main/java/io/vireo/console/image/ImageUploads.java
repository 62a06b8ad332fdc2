package io.vireo.console.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.PrintableText;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;

/**
 * Takes an uploaded disk image or kernel into the library. What the user chose is checked first (the right to make
 * the image, its name and file, the quota and the datastore's room), then the upload is written into a staging
 * folder of the datastore and checked there ({@link UploadStaging}), and a task makes the image of it
 * ({@link UploadedImageWriter}), which the finished task names. Whatever is refused, fails or is cancelled leaves
 * neither the staging folder nor a partial image behind.
 */
@Service
class ImageUploads {
    private static final long GIB = 1L << 30;
    private static final Pattern NAME = Pattern.compile(ImageName.PATTERN);
    private static final List<String> SUFFIXES = List.of(".gz", ".qcow2", ".raw", ".img", ".vmdk", ".kernel", ".iso");

    /** What the user chose beside the file: {@code kind} DISK (the default), ISO or KERNEL; no team: a shared image. */
    record Choice(ImageKind kind, String name, Long datastoreId, Long teamId, String commandLine) {
    }

    private final ImageService images;
    private final TeamService teams;
    private final DatastoreService datastores;
    private final QuotaService quotas;
    private final UploadStaging staging;
    private final UploadedImageWriter writer;
    private final TaskService tasks;
    private final AccessPolicy access;
    private final TransactionTemplate transactions;
    private final ImageUploadLimits limits;

    ImageUploads(ImageService images, TeamService teams, DatastoreService datastores, QuotaService quotas,
            UploadStaging staging, UploadedImageWriter writer, TaskService tasks, AccessPolicy access,
            TransactionTemplate transactions, ImageUploadLimits limits) {
        this.images = images;
        this.teams = teams;
        this.datastores = datastores;
        this.quotas = quotas;
        this.staging = staging;
        this.writer = writer;
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
        UploadTarget target = UploadTarget.of(kind, name, datastore, withInitrd);
        checkFree(target);
        long announced = file.getSize() + (withInitrd ? initrd.getSize() : 0);
        ensureQuota(team, file.getSize());
        datastores.ensureRoom(datastore, announced, "Uploading image " + name);

        Path folder = UploadStaging.folderIn(datastore);
        try {
            Path staged = staging.stage(file, folder.resolve("file"), "file", kind == ImageKind.DISK);
            Optional<Path> initrdFile = withInitrd
                    ? Optional.of(staging.stage(initrd, folder.resolve("initrd"), "initrd", false)) : Optional.empty();
            if (kind == ImageKind.DISK) {
                staging.checkDisk(staged, fileName);
            } else if (kind == ImageKind.ISO) {
                ImageService.checkIsoSize(Files.size(staged), "file", fileName);
            } else {
                staging.checkKernel(staged);
            }
            long bytes = Files.size(staged);
            ensureQuota(team, bytes);
            datastores.ensureRoom(datastore, kind == ImageKind.DISK ? bytes : 0, "Converting image " + name);
            return tasks.submit(new TaskSpec("image.upload", "Upload image " + name + " from " + fileName,
                    team.map(Team::getId).orElse(null), "Image", null), progress -> {
                        try {
                            writer.write(target, team.orElse(null), datastore, staged, initrdFile, commandLine,
                                    progress);
                        } finally {
                            UploadStaging.remove(folder);
                        }
                    });
        } catch (IOException e) {
            UploadStaging.removeQuietly(folder, e);
            throw new InvalidFieldException("file", "The upload cannot be staged in datastore " + datastore.getName()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            UploadStaging.removeQuietly(folder, e);
            throw e;
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

    private void checkFree(UploadTarget target) {
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
