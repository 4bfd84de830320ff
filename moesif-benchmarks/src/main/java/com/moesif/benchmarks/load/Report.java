package com.moesif.benchmarks.load;

import com.moesif.benchmarks.load.LoadHarness.Delivery;
import com.moesif.benchmarks.load.LoadHarness.Measurement;
import com.moesif.benchmarks.load.LoadHarness.Options;
import com.moesif.benchmarks.load.LoadHarness.Soak;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The harness's tables (Markdown) and budget checks. Every number is the mean over rounds; ratios
 * and differences to bare are taken per round (bare and the variant ran back to back in the same
 * round) and then averaged.
 */
final class Report {
  private final List<Measurement> measurements;

  private Report(List<Measurement> measurements) {
    this.measurements = measurements;
  }

  static String render(Options options, List<Measurement> measurements, List<Delivery> deliveries, List<Soak> soaks, long queueCap) {
    return new Report(measurements).render(options, deliveries, soaks, queueCap);
  }

  private String render(Options options, List<Delivery> deliveries, List<Soak> soaks, long queueCap) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Load: wrk -t%d -c%d; per scenario, held without a pause: %d s warm-up (%d s for a JVM's first), %d s settle,"
            + " %d s saturated window; then %s. %d round(s) alternating the variants; "
            + "app JVM `%s` on cpu %s, wrk + collector on cpu %s.%n%n",
        options.threads, options.connections, options.warmup, options.firstWarmup, options.settle, options.duration,
        options.rateFraction > 0
            ? String.format(Locale.ROOT, "a %d s window at %.0f%% of bare's saturated rate (`scenario@%.0f%%`)",
                options.rateDuration, options.rateFraction * 100, options.rateFraction * 100)
            : "no fixed-rate window",
        options.rounds, String.join(" ", options.appJvmOptions), options.appCpu, options.loadCpu));
    for (String framework : distinct(m -> m.framework())) {
      sb.append("### ").append(framework).append("\n\n");
      sb.append("| scenario | variant | req/s | × bare | p50 ms | p99 ms | p99.9 ms | +p50 ms | +p99 ms | CPU µs/req | +CPU µs/req | alloc B/req | +alloc B/req | errors |\n");
      sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
      for (String scenario : distinct(m -> m.scenario())) {
        for (String variant : distinct(m -> m.variant())) {
          List<Measurement> runs = select(framework, variant, scenario);
          if (runs.isEmpty()) {
            continue;
          }
          boolean bare = variant.equals("bare");
          sb.append(String.format(Locale.ROOT,
              "| %s | %s | %.0f | %s | %.3f | %.3f | %.3f | %s | %s | %.1f | %s | %.0f | %s | %d |%n",
              scenario, variant,
              mean(runs, Measurement::rps),
              bare ? "1.00" : fmt("%.2f", ratio(framework, variant, scenario, Measurement::rps)),
              mean(runs, m -> m.p50() / 1000.0),
              mean(runs, m -> m.p99() / 1000.0),
              mean(runs, m -> m.p999() / 1000.0),
              bare ? "" : fmt("%+.3f", diff(framework, variant, scenario, m -> m.p50() / 1000.0)),
              bare ? "" : fmt("%+.3f", diff(framework, variant, scenario, m -> m.p99() / 1000.0)),
              mean(runs, Measurement::cpuPerRequest),
              bare ? "" : fmt("%+.2f", diff(framework, variant, scenario, Measurement::cpuPerRequest)),
              mean(runs, Measurement::allocPerRequest),
              bare ? "" : fmt("%+.0f", diff(framework, variant, scenario, Measurement::allocPerRequest)),
              runs.stream().mapToLong(Measurement::errors).sum()));
        }
      }
      sb.append('\n');
      sb.append("CPU µs per request by thread group (request: Jetty's pool; sdk: moesif-* and the JDK HTTP client's threads;"
          + " other: includes the official SDK's timer and HTTP client threads):\n\n");
      sb.append("| scenario | variant | request | sdk | jit | gc+vm | other |\n|---|---|--:|--:|--:|--:|--:|\n");
      for (String scenario : distinct(m -> m.scenario())) {
        for (String variant : distinct(m -> m.variant())) {
          List<Measurement> runs = select(framework, variant, scenario);
          if (runs.isEmpty()) {
            continue;
          }
          sb.append("| ").append(scenario).append(" | ").append(variant);
          for (String g : LoadHarness.GROUPS) {
            sb.append(" | ").append(fmt("%.2f", mean(runs, m -> m.groupPerRequest(g))));
          }
          sb.append(" |\n");
        }
      }
      sb.append('\n');
    }

    if (!deliveries.isEmpty()) {
      sb.append("### Delivery (every request wrk completed in the JVM, warm-ups included, vs. what the collector received)\n\n");
      sb.append("| framework | variant | round | served | events | weighted events | weighted / served | SDK stats at exit |\n"
          + "|---|---|--:|--:|--:|--:|--:|---|\n");
      for (Delivery d : deliveries) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s |%n",
            d.framework(), d.variant(), d.round(), d.served(), d.delivered(),
            d.weighted() < 0 ? "n/a" : String.valueOf(d.weighted()),
            d.weighted() < 0 || d.served() == 0 ? "n/a" : fmt("%.4f", (double) d.weighted() / d.served()),
            d.stats() == null ? "" : d.stats()));
      }
      sb.append('\n');
    }
    List<Measurement> fixed = new ArrayList<>();
    for (Measurement m : measurements) {
      if (m.delivered() >= 0) {
        fixed.add(m);
      }
    }
    if (!fixed.isEmpty()) {
      sb.append("### Fixed-rate windows: delivery\n\n| framework | variant | round | window | served | events | weighted events |\n"
          + "|---|---|--:|---|--:|--:|--:|\n");
      for (Measurement m : fixed) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %s |%n", m.framework(), m.variant(), m.round(),
            m.scenario(), m.requests(), m.delivered(), m.weightedDelivered() < 0 ? "n/a" : String.valueOf(m.weightedDelivered())));
      }
      sb.append('\n');
    }

    Soak soakBare = null;
    Soak soakDown = null;
    if (!soaks.isEmpty()) {
      sb.append(String.format(Locale.ROOT,
          "### Collector down for %d s under load (%s, %s): heap used after a full GC, every %d s%n%n",
          options.soakSeconds, options.soakFramework, options.soakScenario, options.soakSampleSeconds));
      sb.append("| variant | req/s | heap after GC, MiB (samples) | max MiB |\n|---|--:|---|--:|\n");
      for (Soak s : soaks) {
        StringBuilder samples = new StringBuilder();
        for (long b : s.samples()) {
          samples.append(samples.length() == 0 ? "" : " ").append(fmt("%.1f", b / 1048576.0));
        }
        sb.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.1f |%n", s.variant(), s.rps(), samples, s.maxHeapAfterGc() / 1048576.0));
        if (s.variant().equals("bare")) {
          soakBare = s;
        } else {
          soakDown = s;
        }
      }
      sb.append('\n');
    }

    sb.append("### Budgets\n\n| budget | measured | verdict |\n|---|---|---|\n");
    List<String[]> checks = new ArrayList<>();
    budgetsFor(checks, "servlet", "ours", deliveries);
    for (String framework : distinct(m -> m.framework())) {
      if (framework.equals("servlet")) {
        continue;
      }
      budgetsFor(checks, framework, "ours", deliveries);
      for (String scenario : List.of("hello", "echo1k")) {
        double servlet = ratio("servlet", "ours", scenario, Measurement::rps);
        double other = ratio(framework, "ours", scenario, Measurement::rps);
        if (!Double.isNaN(servlet) && !Double.isNaN(other)) {
          checks.add(check(framework + " " + scenario + " ratio within 0.05 of servlet's (" + fmt("%.2f", servlet) + ")",
              fmt("%.2f", other), other >= servlet - 0.05));
        }
      }
    }
    if (soakBare != null && soakDown != null) {
      long sdkHeap = soakDown.maxHeapAfterGc() - soakBare.maxHeapAfterGc();
      checks.add(check(
          String.format(Locale.ROOT, "collector down %d s: SDK heap (max after GC, minus bare's) <= queue cap %.0f MiB + 10%%",
              options.soakSeconds, queueCap / 1048576.0),
          fmt("%.1f MiB", sdkHeap / 1048576.0), sdkHeap <= queueCap * 1.1));
      if (soakDown.weighted() >= 0 && soakDown.served() > 0) {
        double r = (double) soakDown.weighted() / soakDown.served();
        checks.add(check("collector down " + options.soakSeconds + " s, then back: weighted events / served within 0.90-1.10",
            fmt("%.3f", r) + " (" + soakDown.delivered() + " events for " + soakDown.served() + " calls)", r >= 0.90 && r <= 1.10));
      }
    }
    for (String[] c : checks) {
      sb.append("| ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
    }
    return sb.toString();
  }

  private void budgetsFor(List<String[]> checks, String framework, String variant, List<Delivery> deliveries) {
    throughputCheck(checks, framework, variant, "hello", framework + " /hello throughput ≥ 0.80× bare", 0.80);
    throughputCheck(checks, framework, variant, "echo1k", framework + " 1 KiB /echo throughput ≥ 0.65× bare", 0.65);
    for (String scenario : distinct(m -> m.scenario())) {
      double p99 = ratio(framework, variant, scenario, m -> m.p99());
      if (!Double.isNaN(p99) && !scenario.contains("@")) {
        checks.add(check(framework + " " + scenario + " p99 ≤ 3× bare p99", fmt("%.2f×", p99), p99 <= 3.0));
      }
    }
    for (Delivery d : deliveries) {
      if (d.framework().equals(framework) && d.variant().equals(variant) && d.weighted() >= 0 && d.served() > 0) {
        double r = (double) d.weighted() / d.served();
        checks.add(check(framework + " round " + d.round() + ": weighted events / served within 0.97-1.03",
            fmt("%.4f", r), r >= 0.97 && r <= 1.03));
      }
    }
    for (String scenario : distinct(m -> m.scenario())) {
      if (!scenario.contains("@")) {
        continue;
      }
      double added = ratio(framework, variant, scenario, Measurement::cpuPerRequest) - 1;
      double max = scenario.startsWith("hello@") ? 0.35 : scenario.startsWith("echo1k@") ? 0.5 : Double.NaN;
      if (!Double.isNaN(added) && !Double.isNaN(max)) {
        checks.add(check(framework + " " + scenario + ": added CPU per call ≤ " + max + "× bare's",
            fmt("%.2f×", added) + " (" + fmt("%+.2f µs", diff(framework, variant, scenario, Measurement::cpuPerRequest)) + ")",
            added <= max));
      }
      for (Measurement m : select(framework, variant, scenario)) {
        if (m.delivered() >= 0) {
          // The app may serve a few requests more than wrk completed (in flight when wrk stopped).
          boolean all = m.delivered() >= m.requests() && m.weightedDelivered() == m.delivered();
          checks.add(check(framework + " " + scenario + " round " + m.round() + ": every call delivered, unweighted",
              m.delivered() + " events, weight " + m.weightedDelivered() + ", for " + m.requests() + " calls", all));
        }
      }
    }
    String down = variant + "-down";
    throughputCheck(checks, framework, down, "hello", framework + " (collector down) /hello throughput ≥ 0.80× bare", 0.80);
    throughputCheck(checks, framework, down, "echo1k", framework + " (collector down) 1 KiB /echo throughput ≥ 0.65× bare", 0.65);
  }

  private static String[] check(String what, String measured, boolean ok) {
    return new String[] {what, measured, ok ? "met" : "**missed**"};
  }

  private Set<String> distinct(java.util.function.Function<Measurement, String> key) {
    Set<String> values = new LinkedHashSet<>();
    for (Measurement m : measurements) {
      values.add(key.apply(m));
    }
    return values;
  }

  private List<Measurement> select(String framework, String variant, String scenario) {
    List<Measurement> result = new ArrayList<>();
    for (Measurement m : measurements) {
      if (m.framework().equals(framework) && m.variant().equals(variant) && m.scenario().equals(scenario)) {
        result.add(m);
      }
    }
    return result;
  }

  private @Nullable Measurement bareOf(Measurement m) {
    for (Measurement b : select(m.framework(), "bare", m.scenario())) {
      if (b.round() == m.round()) {
        return b;
      }
    }
    return null;
  }

  /**
   * Met only when both wrk's throughput ratio and the capacity ratio (bare's CPU per request /
   * the variant's) are: on one saturated core they should agree, and when they do not, something
   * outside the app (another process on the load generator's core) disturbed one of the runs, and
   * wrk's ratio alone would flatter or blame the SDK.
   */
  private void throughputCheck(List<String[]> checks, String framework, String variant, String scenario, String label, double min) {
    double wrk = ratio(framework, variant, scenario, Measurement::rps);
    if (Double.isNaN(wrk)) {
      return;
    }
    double capacity = ratio(framework, variant, scenario, m -> m.cpuPerRequest() > 0 ? 1.0 / m.cpuPerRequest() : 0);
    checks.add(check(label, fmt("%.2f", wrk) + " (capacity " + fmt("%.2f", capacity) + ")",
        wrk >= min && (Double.isNaN(capacity) || capacity >= min)));
  }

  /** Mean over rounds of value(variant) / value(bare), paired by round; NaN when nothing to pair. */
  private double ratio(String framework, String variant, String scenario, ToDoubleFunction<Measurement> value) {
    double sum = 0;
    int n = 0;
    for (Measurement m : select(framework, variant, scenario)) {
      Measurement b = bareOf(m);
      if (b != null && value.applyAsDouble(b) > 0) {
        sum += value.applyAsDouble(m) / value.applyAsDouble(b);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Mean over rounds of value(variant) - value(bare), paired by round. */
  private double diff(String framework, String variant, String scenario, ToDoubleFunction<Measurement> value) {
    double sum = 0;
    int n = 0;
    for (Measurement m : select(framework, variant, scenario)) {
      Measurement b = bareOf(m);
      if (b != null) {
        sum += value.applyAsDouble(m) - value.applyAsDouble(b);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double mean(List<Measurement> runs, ToDoubleFunction<Measurement> value) {
    return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
