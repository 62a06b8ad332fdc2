package io.vireo.engine.appliance.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Packages through the machine's own {@code apt-get}, with an apt state of its own (sources,
 * lists, cache under Vireo's cache directory) so the host's package database is never touched
 * and a guest architecture other than the host's needs no {@code dpkg --add-architecture}.
 */
public final class AptPackageSource implements DebianPackageSource {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(15);

    private final URI archive;
    private final String suite;
    private final String architecture;
    private final Path stateDirectory;
    private final CommandRunner runner;

    private AptPackageSource(URI archive, String suite, String architecture, Path stateDirectory, CommandRunner runner) {
        this.archive = archive;
        this.suite = suite;
        this.architecture = architecture;
        this.stateDirectory = stateDirectory;
        this.runner = runner;
    }

    /**
     * Tries each suite (in the given order) on each archive URI until {@code apt-get update} succeeds.
     *
     * @param architecture the Debian architecture whose packages are wanted, e.g. {@code riscv64}
     * @param aptStateRoot holds the apt state of each suite, one directory per suite; one root per architecture
     * @throws PackageSourceException naming every attempt when none worked
     */
    public static AptPackageSource open(List<URI> archives, List<String> suites, String architecture,
                                        Path aptStateRoot) {
        if (archives.isEmpty()) {
            throw new PackageSourceException("apt: no archive URI in this machine's apt sources");
        }
        CommandRunner runner = new CommandRunner(COMMAND_TIMEOUT);
        List<String> failures = new ArrayList<>();
        for (String suite : suites) {
            for (URI archive : archives) {
                AptPackageSource source = new AptPackageSource(archive, suite, architecture, aptStateRoot.resolve(suite), runner);
                try {
                    source.update();
                    return source;
                } catch (PackageSourceException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        throw new PackageSourceException("apt: no suite could be fetched: " + String.join("; ", failures));
    }

    public String suite() {
        return suite;
    }

    @Override
    public String description() {
        return "apt " + archive + " " + suite + " " + architecture;
    }

    @Override
    public PackageRecord find(String packageName) {
        CommandRunner.Result result = run(stateDirectory, "apt-cache", "show", "--no-all-versions", packageName);
        PackageRecord record = null;
        if (result.succeeded()) {
            try {
                Map<String, PackageRecord> records = PackageStanzas.read(new BufferedReader(new StringReader(result.output())));
                record = records.get(packageName);
            } catch (IOException e) {
                throw new PackageSourceException(description() + ": unreadable apt-cache output for " + packageName, e);
            }
        }
        if (record == null) {
            throw new PackageSourceException(description() + ": no package " + packageName);
        }
        return record;
    }

    /** The whole index, from {@code apt-cache dumpavail} (every package of the suite, tens of MiB of text). */
    @Override
    public Map<String, PackageRecord> index() {
        try {
            Path dump = Files.createTempFile(stateDirectory, ".dumpavail", ".txt");
            try {
                List<String> command = new ArrayList<>(List.of("apt-cache", "-q"));
                command.addAll(stateOptions());
                command.add("dumpavail");
                if (runner.runTo(stateDirectory, command, dump) != 0) {
                    throw new PackageSourceException(description() + ": apt-cache dumpavail failed");
                }
                try (BufferedReader reader = Files.newBufferedReader(dump)) {
                    return Map.copyOf(PackageStanzas.read(reader));
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new PackageSourceException(description() + ": cannot read the package index: " + e.getMessage(), e);
        }
    }

    @Override
    public Path download(PackageRecord record, Path directory) {
        return downloadAll(List.of(record), directory).getFirst();
    }

    /** One {@code apt-get download} for all of them: apt fetches in parallel and reads its cache once. */
    @Override
    public List<Path> downloadAll(List<PackageRecord> records, Path directory) {
        try {
            Path workDirectory = Files.createTempDirectory(directory, ".apt-download");
            try {
                List<String> arguments = new ArrayList<>(List.of("download"));
                records.forEach(record -> arguments.add(record.name() + "=" + record.version()));
                CommandRunner.Result result = run(workDirectory, "apt-get", arguments.toArray(String[]::new));
                if (!result.succeeded()) {
                    throw new PackageSourceException(description() + ": apt-get download "
                            + (records.size() == 1 ? records.getFirst().name() : records.size() + " packages")
                            + " failed: " + result.output());
                }
                List<Path> debs = new ArrayList<>();
                for (PackageRecord record : records) {
                    debs.add(DebFiles.acceptDownload(downloaded(workDirectory, record), record, directory, description()));
                }
                return debs;
            } finally {
                deleteTree(workDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update() {
        try {
            Files.createDirectories(stateDirectory.resolve("lists/partial"));
            Files.createDirectories(stateDirectory.resolve("cache/archives/partial"));
            Files.writeString(stateDirectory.resolve("sources.list"),
                    "deb [trusted=yes] " + archive + " " + suite + " main\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the apt state in " + stateDirectory, e);
        }
        CommandRunner.Result result = run(stateDirectory, "apt-get", "update");
        // apt-get update exits 0 even when an index failed to download; its "E:"/"W:" lines tell.
        if (!result.succeeded() || result.output().lines().anyMatch(l -> l.startsWith("E:") || l.startsWith("W: Failed"))) {
            throw new PackageSourceException(archive + " " + suite + " " + architecture + ": apt-get update failed: " + lastLines(result.output()));
        }
    }

    private CommandRunner.Result run(Path workingDirectory, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.add("-q");
        command.addAll(stateOptions());
        command.addAll(List.of(arguments));
        try {
            return runner.run(workingDirectory, command);
        } catch (IOException e) {
            throw new PackageSourceException("apt: cannot run " + program + ": " + e.getMessage(), e);
        }
    }

    private List<String> stateOptions() {
        List<String> options = new ArrayList<>();
        for (String setting : List.of(
                "Dir::Etc::SourceList=" + stateDirectory.resolve("sources.list"),
                "Dir::Etc::SourceParts=/dev/null",
                "Dir::Etc::Preferences=/dev/null",
                "Dir::Etc::PreferencesParts=/dev/null",
                "Dir::State::Lists=" + stateDirectory.resolve("lists"),
                "Dir::State::Status=/dev/null",
                "Dir::Cache=" + stateDirectory.resolve("cache"),
                "APT::Architecture=" + architecture,
                "APT::Architectures=" + architecture,
                "Acquire::Languages=none")) {
            options.add("-o");
            options.add(setting);
        }
        return options;
    }

    /** apt names the file {@code <name>_<version, epoch escaped>_<arch>.deb}; no package name holds a {@code _}. */
    private Path downloaded(Path workDirectory, PackageRecord record) throws IOException {
        try (Stream<Path> files = Files.list(workDirectory)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().startsWith(record.name() + "_")
                    && p.getFileName().toString().endsWith(".deb")).toList();
            if (debs.size() != 1) {
                throw new PackageSourceException(description() + ": apt-get download " + record.name()
                        + " left " + debs.size() + " .deb files for it");
            }
            return debs.getFirst();
        }
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
