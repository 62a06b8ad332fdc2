package io.vireo.engine.cli;

import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.ImageInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vireo-engine disk ...}: create, snapshot, commit, flatten, rebase, info, check and grow disk
 * images. Exit status 0 on success, 1 on any error (including a corrupt image found by check).
 */
public final class DiskCli {
    private static final String USAGE = """
            usage: vireo-engine disk <command> ...
              create <path> --size <N> [--format qcow2|raw] [--backing <path>] [--cluster-size <N>]
              snapshot <image> <new-overlay>       new qcow2 overlay whose backing is <image>
              commit <overlay>                     write the overlay's data into its backing image
              flatten <top> <dest> [--format qcow2|raw|vmdk]   standalone copy of the whole chain
              rebase <image> --backing <path>|--no-backing     change the backing, keeping the contents
              info <image> [--json]                virtual size, file size and backing chain
              check <image> [--repair]             verify metadata (leaks, corruption); --repair frees leaks
              grow <image> --size <N>              enlarge the virtual disk
            sizes take K, M, G, T suffixes (powers of 1024)""";
    private static final Set<String> FLAGS = Set.of("--json", "--no-backing", "--repair");

    private final PrintStream out;
    private final PrintStream err;

    private DiskCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return new DiskCli(out, err).dispatch(args);
    }

    private record Args(List<String> positional, Map<String, String> options) {
        String positional(int i, String what) throws UsageException {
            if (i >= positional.size()) {
                throw new UsageException("missing " + what);
            }
            return positional.get(i);
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }
    }

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private int dispatch(String[] argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            out.println(USAGE);
            return argv.length == 0 ? 1 : 0;
        }
        try {
            Args a = parse(argv);
            return switch (argv[0]) {
                case "create" -> create(a);
                case "snapshot" -> snapshot(a);
                case "commit" -> commit(a);
                case "flatten" -> flatten(a);
                case "rebase" -> rebase(a);
                case "info" -> info(a);
                case "check" -> check(a);
                case "grow" -> grow(a);
                default -> throw new UsageException("unknown disk command '" + argv[0] + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + describe(e));
            return 1;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof ImageException || e.getMessage() == null) {
            return String.valueOf(e.getMessage());
        }
        return e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage();
    }

    private static Args parse(String[] argv) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String s = argv[i];
            if (FLAGS.contains(s)) {
                options.put(s, "");
            } else if (s.startsWith("--")) {
                if (i + 1 >= argv.length) {
                    throw new UsageException("option " + s + " needs a value");
                }
                options.put(s, argv[++i]);
            } else {
                positional.add(s);
            }
        }
        return new Args(positional, options);
    }

    private int create(Args a) throws IOException, UsageException {
        Path path = Path.of(a.positional(0, "image path"));
        ImageFormat format = ImageFormat.parse(a.option("--format").orElse("qcow2"));
        Optional<Path> backing = a.option("--backing").map(Path::of);
        long size = a.option("--size").isPresent() ? parseSize(a.option("--size").get()) : 0;
        if (size == 0 && backing.isEmpty()) {
            throw new UsageException("--size is required");
        }
        int clusterBits = a.option("--cluster-size").isPresent()
                ? clusterBits(parseSize(a.option("--cluster-size").get()))
                : io.vireo.engine.storage.qcow2.Qcow2Creator.DEFAULT_CLUSTER_BITS;
        ChainOperations.create(path, format, size, backing, clusterBits);
        ImageInfo info = ChainOperations.info(path).getFirst();
        out.println("Created " + format.qemuName() + " image " + path + " (" + human(info.virtualSize()) + " virtual"
                + backing.map(b -> ", backing " + b).orElse("") + ")");
        return 0;
    }

    private static int clusterBits(long clusterSize) throws UsageException {
        if (Long.bitCount(clusterSize) != 1 || clusterSize < 512 || clusterSize > (2 << 20)) {
            throw new UsageException("--cluster-size must be a power of two from 512 to 2M");
        }
        return Long.numberOfTrailingZeros(clusterSize);
    }

    private int snapshot(Args a) throws IOException, UsageException {
        Path image = Path.of(a.positional(0, "image"));
        Path overlay = Path.of(a.positional(1, "new overlay path"));
        ChainOperations.createOverlay(image, overlay);
        out.println("Created overlay " + overlay + " on " + image + "; write to the overlay from now on");
        return 0;
    }

    private int commit(Args a) throws IOException, UsageException {
        Path overlay = Path.of(a.positional(0, "overlay"));
        long bytes = ChainOperations.commit(overlay);
        out.println("Committed " + human(bytes) + " from " + overlay + " into its backing image;"
                + " the overlay is now redundant and can be deleted");
        return 0;
    }

    private int flatten(Args a) throws IOException, UsageException {
        Path top = Path.of(a.positional(0, "top image"));
        Path dest = Path.of(a.positional(1, "destination path"));
        ImageFormat format = ImageFormat.parse(a.option("--format").orElse("qcow2"));
        // The operator names a disk brought with its files, as with qemu-img: a VMDK descriptor reads its extents.
        long bytes = ChainOperations.flatten(top, ImageFormat.probePackaged(top), dest, format, done -> { });
        out.println("Flattened " + top + " into standalone " + format.qemuName() + " image " + dest
                + " (" + human(bytes) + " of data)");
        return 0;
    }

    private int rebase(Args a) throws IOException, UsageException {
        Path image = Path.of(a.positional(0, "image"));
        Optional<Path> backing = a.option("--backing").map(Path::of);
        if (backing.isEmpty() && !a.flag("--no-backing")) {
            throw new UsageException("rebase needs --backing <path> or --no-backing");
        }
        ChainOperations.rebase(image, backing);
        out.println("Rebased " + image + backing.map(b -> " onto " + b).orElse(" to stand alone"));
        return 0;
    }

    private int info(Args a) throws IOException, UsageException {
        List<ImageInfo> chain = ChainOperations.info(Path.of(a.positional(0, "image")));
        if (a.flag("--json")) {
            out.println(json(chain));
            return 0;
        }
        for (int i = 0; i < chain.size(); i++) {
            ImageInfo info = chain.get(i);
            String indent = "  ".repeat(i);
            out.println(indent + (i == 0 ? "image: " : "backing: ") + info.path());
            out.println(indent + "  format: " + info.format().qemuName());
            out.println(indent + "  virtual size: " + human(info.virtualSize()) + " (" + info.virtualSize() + " bytes)");
            out.println(indent + "  file size: " + human(info.fileSize()) + " (" + info.fileSize() + " bytes)");
            out.println(indent + "  data stored: " + human(info.storedBytes()) + " (" + info.storedBytes() + " bytes)");
            info.clusterSize().ifPresent(c -> out.println(indent + "  cluster size: " + c));
            info.backingName().ifPresent(b -> out.println(indent + "  backing file: " + b));
        }
        out.println("chain length: " + chain.size());
        return 0;
    }

    private static String json(List<ImageInfo> chain) {
        StringBuilder sb = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < chain.size(); i++) {
            ImageInfo info = chain.get(i);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"path\":").append(quote(info.path().toString()))
                    .append(",\"format\":").append(quote(info.format().qemuName()))
                    .append(",\"virtualSize\":").append(info.virtualSize())
                    .append(",\"fileSize\":").append(info.fileSize())
                    .append(",\"storedBytes\":").append(info.storedBytes());
            info.clusterSize().ifPresent(c -> sb.append(",\"clusterSize\":").append(c));
            info.backingName().ifPresent(b -> sb.append(",\"backingFile\":").append(quote(b)));
            info.backingPath().ifPresent(b -> sb.append(",\"backingPath\":").append(quote(b.toString())));
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private int check(Args a) throws IOException, UsageException {
        CheckReport report = ChainOperations.check(Path.of(a.positional(0, "image")), a.flag("--repair"));
        report.problems().forEach(p -> out.println("ERROR " + p));
        if (report.corrupt()) {
            out.println(report.corruptions() + " errors were found; the image is corrupt");
            return 1;
        }
        if (report.repairedLeaks() > 0) {
            out.println("Repaired " + report.repairedLeaks() + " leaked clusters");
        } else if (report.leakedClusters() > 0) {
            out.println(report.leakedClusters() + " leaked clusters were found (wasted space, harmless;"
                    + " --repair frees them)");
        }
        out.println("No errors were found on the image.");
        return 0;
    }

    private int grow(Args a) throws IOException, UsageException {
        Path image = Path.of(a.positional(0, "image"));
        long size = parseSize(a.option("--size").orElseThrow(() -> new UsageException("--size is required")));
        ChainOperations.grow(image, size);
        out.println("Grew " + image + " to " + human(size));
        return 0;
    }

    static long parseSize(String text) throws UsageException {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            shift = switch (s.charAt(s.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                case 'P' -> 50;
                default -> 0;
            };
        }
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long value = Long.parseLong(digits);
            if (value <= 0 || value > (Long.MAX_VALUE >> shift)) {
                throw new UsageException("size '" + text + "' is out of range");
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new UsageException("cannot read size '" + text + "' (examples: 10G, 512M, 1T)");
        }
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
