package io.vireo.console.vm;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.vireo.console.engine.RuntimeStats;

/**
 * Small charts for the VM page, drawn as SVG by the template from the points and bars computed here (the
 * polyline points through the model: Thymeleaf does not evaluate bean references in SVG attributes).
 */
@Component("charts")
public class VmCharts {
    static final int WIDTH = 300;
    static final int HEIGHT = 60;

    /** SVG polyline points of host CPU use, 0–100 % per vCPU's worth of host core times {@code vcpus}. */
    public String cpu(RuntimeStats stats, int vcpus) {
        return line(stats.samples(), RuntimeStats.Sample::cpuPercent, 100.0 * Math.max(1, vcpus));
    }

    /** SVG polyline points of guest instructions per second, scaled to the busiest sample. */
    public String instructions(RuntimeStats stats) {
        double peak = stats.samples().stream().mapToDouble(RuntimeStats.Sample::instructionsPerSecond).max().orElse(1);
        return line(stats.samples(), RuntimeStats.Sample::instructionsPerSecond, Math.max(1, peak));
    }

    public double lastCpu(RuntimeStats stats) {
        return stats.samples().isEmpty() ? 0 : stats.samples().getLast().cpuPercent();
    }

    public String lastMips(RuntimeStats stats) {
        long ips = stats.samples().isEmpty() ? 0 : stats.samples().getLast().instructionsPerSecond();
        return String.format(Locale.ROOT, "%.1f", ips / 1e6);
    }

    /** Each trap cause's share of the largest, in percent, for bar widths. */
    public Map<String, Long> trapShares(RuntimeStats stats) {
        long max = Math.max(1, stats.trapsByCause().values().stream().mapToLong(Long::longValue).max().orElse(1));
        return stats.trapsByCause().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> Math.max(1, e.getValue() * 100 / max), (a, b) -> a, TreeMap::new));
    }

    private static String line(List<RuntimeStats.Sample> samples, ToDoubleFunction<RuntimeStats.Sample> value,
            double max) {
        if (samples.isEmpty()) {
            return "";
        }
        StringBuilder points = new StringBuilder();
        int n = samples.size();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? WIDTH : (double) i * WIDTH / (n - 1);
            double y = HEIGHT - Math.min(1, value.applyAsDouble(samples.get(i)) / max) * HEIGHT;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return points.toString().strip();
    }
}
