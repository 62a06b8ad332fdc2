package io.vireo.engine.appliance.modules;

import io.vireo.engine.appliance.debian.DebArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.tukaani.xz.XZInputStream;

/**
 * A kernel's loadable modules, unpacked once from the {@code linux-modules} package into a
 * cache directory (the package ships no {@code modules.dep}, so each module's own
 * {@code .modinfo} is the dependency source). Modules are looked up by normalized name.
 */
public final class ModuleTree {
    private static final String COMPLETE_MARKER = ".complete";
    private static final int MAX_MODULE_BYTES = 64 << 20;

    private final Map<String, Path> files;

    private ModuleTree(Map<String, Path> files) {
        this.files = files;
    }

    /** Opens the tree in {@code directory}, unpacking the package's modules there first unless a previous run finished. */
    public static ModuleTree unpack(Path modulesDeb, String kernelRelease, Path directory) throws IOException {
        if (!Files.exists(directory.resolve(COMPLETE_MARKER))) {
            Files.createDirectories(directory.getParent());
            Path partial = Files.createTempDirectory(directory.getParent(), directory.getFileName() + ".partial");
            try {
                String prefix = "usr/lib/modules/" + kernelRelease + "/kernel/";
                DebArchive.readData(modulesDeb, (path, entry, content) -> {
                    if (entry.isFile() && path.startsWith(prefix) && path.contains(".ko") && !path.contains("..")) {
                        Path target = partial.resolve(path.substring(prefix.length()));
                        Files.createDirectories(target.getParent());
                        Files.copy(content, target);
                    }
                });
                Files.createFile(partial.resolve(COMPLETE_MARKER));
                moveUnlessAnotherBuildWasFaster(partial, directory);
            } finally {
                deleteTree(partial);
            }
        }
        return open(directory);
    }

    private static void moveUnlessAnotherBuildWasFaster(Path partial, Path directory) throws IOException {
        try {
            Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!Files.exists(directory.resolve(COMPLETE_MARKER))) {
                throw e;
            }
        }
    }

    static ModuleTree open(Path directory) throws IOException {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().contains(".ko"))
                    .sorted()
                    .forEach(p -> files.putIfAbsent(ModuleNames.ofFile(p.getFileName().toString()), p));
        }
        if (files.isEmpty()) {
            throw new IOException("no kernel modules in " + directory);
        }
        return new ModuleTree(files);
    }

    public int size() {
        return files.size();
    }

    /** @throws IllegalArgumentException when the kernel has no module of that name */
    public ModInfo modInfo(String name) {
        return ModInfoReader.read(moduleBytes(name), ModuleNames.normalize(name));
    }

    /** The module's ELF bytes, decompressed when the package ships it as {@code .ko.xz}. */
    public byte[] moduleBytes(String name) {
        Path file = files.get(ModuleNames.normalize(name));
        if (file == null) {
            throw new IllegalArgumentException("the kernel has no module " + name);
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".xz") ? new XZInputStream(raw, DebArchive.XZ_MEMORY_LIMIT_KIB) : raw) {
            return readBounded(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read module " + file, e);
        }
    }

    private static byte[] readBounded(InputStream in, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_MODULE_BYTES) {
                throw new IOException(file.getFileName() + " is larger than " + (MAX_MODULE_BYTES >> 20) + " MiB");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
