package io.vireo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console's API on a VM of the embedded engine beside one on a libvirt host (the machine's own daemon), through
 * a running console ({@code bench/hosts-bench.sh} starts one and makes both VMs from the tiny template): latency of
 * listing VMs, of power on and of power off (median and 95th percentile, ms), and the time from "power on" until the
 * guest's VIREO-READY marker shows on its serial console, printed side by side.
 * Arguments: the console's URL, an API token, the local VM's id, the libvirt VM's id, rounds.
 */
public final class HostsBenchmark {
    private static final int LISTS_PER_ROUND = 10;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final String MARKER = "VIREO-READY";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String token;

    private HostsBenchmark(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** What one VM's rounds measured, in ms. */
    private record Figures(List<Double> list, List<Double> powerOn, List<Double> powerOff, List<Double> toMarker) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: HostsBenchmark <console URL> <API token> <local VM id> <libvirt VM id>"
                    + " <rounds>");
            System.exit(2);
        }
        HostsBenchmark bench = new HostsBenchmark(args[0], args[1]);
        int rounds = Integer.parseInt(args[4]);
        Figures local = new Figures();
        Figures libvirt = new Figures();
        for (int round = 1; round <= rounds; round++) {
            bench.round(Long.parseLong(args[2]), local);
            bench.round(Long.parseLong(args[3]), libvirt);
            System.out.printf(Locale.ROOT, "round %d: to %s local %.0f ms, libvirt %.0f ms%n", round, MARKER,
                    local.toMarker().getLast(), libvirt.toMarker().getLast());
        }
        System.out.printf(Locale.ROOT, "%n%-28s %20s %20s%n", "hosts, ms (" + rounds + " rounds)",
                "local engine", "libvirt (qemu TCG)");
        row("list VMs       median / p95", local.list(), libvirt.list());
        row("power on       median / p95", local.powerOn(), libvirt.powerOn());
        row("power off      median / p95", local.powerOff(), libvirt.powerOff());
        row("to " + MARKER + "  median / p95", local.toMarker(), libvirt.toMarker());
    }

    /** Lists, powers on and waits for the marker, powers off and waits until the VM is stopped. */
    private void round(long vmId, Figures figures) throws IOException, InterruptedException {
        for (int i = 0; i < LISTS_PER_ROUND; i++) {
            long start = System.nanoTime();
            call("GET", "/api/v1/vms", null);
            figures.list().add(millisSince(start));
        }
        long start = System.nanoTime();
        call("POST", "/api/v1/vms/" + vmId + "/power", "{\"action\":\"START\"}");
        figures.powerOn().add(millisSince(start));
        awaitBody("/api/v1/vms/" + vmId + "/serial", MARKER);
        figures.toMarker().add(millisSince(start));
        long stop = System.nanoTime();
        call("POST", "/api/v1/vms/" + vmId + "/power", "{\"action\":\"STOP\"}");
        figures.powerOff().add(millisSince(stop));
        awaitBody("/api/v1/vms/" + vmId, "\"powerState\":\"STOPPED\"");
    }

    private void awaitBody(String path, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!call("GET", path, null).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " did not show " + text + " within " + BOOT);
            }
            Thread.sleep(POLL);
        }
    }

    private String call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token);
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static void row(String what, List<Double> local, List<Double> libvirt) {
        System.out.printf(Locale.ROOT, "%-28s %9.0f / %-8.0f %9.0f / %-8.0f%n", what, percentile(local, 50),
                percentile(local, 95), percentile(libvirt, 50), percentile(libvirt, 95));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
