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
        "Load: wrk -t%d -c%d, %d s warm-up + %d s measured per scenario%s, %d round(s) alternating the variants; "
            + "app JVM `%s` on cpu %s, wrk + collector on cpu %s.%n%n",
        options.threads, options.connections, options.warmup, options.duration,
        options.settle > 0
            ? " (latencies from the last " + options.duration + " s; req/s, CPU and allocation over "
                + options.settle + " s more before them)"
            : "",
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
      sb.append("### Delivery (every request wrk completed, warm-ups included, vs. events the collector received)\n\n");
      sb.append("| framework | variant | round | served | delivered | delivered / served | SDK stats at exit |\n|---|---|--:|--:|--:|--:|---|\n");
      for (Delivery d : deliveries) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.4f | %s |%n",
            d.framework(), d.variant(), d.round(), d.served(), d.delivered(),
            d.served() == 0 ? 0.0 : (double) d.delivered() / d.served(), d.stats() == null ? "" : d.stats()));
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
      double r = soakDown.rps() / soakBare.rps();
      double min = options.soakScenario.equals("hello") ? 0.80 : 0.65;
      checks.add(check("collector down " + options.soakSeconds + " s: throughput ≥ " + min + "× bare (" + options.soakScenario + ")",
          fmt("%.2f", r), r >= min));
    }
    for (String[] c : checks) {
      sb.append("| ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
    }
    return sb.toString();
  }

  private void budgetsFor(List<String[]> checks, String framework, String variant, List<Delivery> deliveries) {
    for (String v : List.of(variant, variant + "-down")) {
      String label = framework + (v.endsWith("-down") ? " (collector down)" : "");
      throughputCheck(checks, framework, v, "hello", label + " /hello throughput ≥ 0.80× bare", 0.80);
      throughputCheck(checks, framework, v, "echo1k", label + " 1 KiB /echo throughput ≥ 0.65× bare", 0.65);
      for (String scenario : distinct(m -> m.scenario())) {
        double p99 = ratio(framework, v, scenario, m -> m.p99());
        if (!Double.isNaN(p99)) {
          checks.add(check(label + " " + scenario + " p99 ≤ 2× bare p99", fmt("%.2f×", p99), p99 <= 2.0));
        }
      }
      if (!v.endsWith("-down")) {
        double cpuHello = diff(framework, v, "hello", Measurement::cpuPerRequest);
        if (!Double.isNaN(cpuHello)) {
          checks.add(check(label + " added CPU per request, no body (/hello) ≤ 4 µs", fmt("%+.2f µs", cpuHello), cpuHello <= 4));
        }
        double cpuEcho = diff(framework, v, "echo1k", Measurement::cpuPerRequest);
        if (!Double.isNaN(cpuEcho)) {
          checks.add(check(label + " added CPU per request, 1 KiB bodies ≤ 12 µs", fmt("%+.2f µs", cpuEcho), cpuEcho <= 12));
        }
        // The JIT compiles more code with the SDK in, and keeps at it for a while on one shared
        // core: the same budgets without the compiler threads, as a steady-state reading.
        ToDoubleFunction<Measurement> noJit = m -> m.cpuPerRequest() - m.groupPerRequest("jit");
        double steadyHello = diff(framework, v, "hello", noJit);
        if (!Double.isNaN(steadyHello)) {
          checks.add(check(label + " added CPU per request without JIT threads, no body ≤ 4 µs", fmt("%+.2f µs", steadyHello), steadyHello <= 4));
        }
        double steadyEcho = diff(framework, v, "echo1k", noJit);
        if (!Double.isNaN(steadyEcho)) {
          checks.add(check(label + " added CPU per request without JIT threads, 1 KiB bodies ≤ 12 µs", fmt("%+.2f µs", steadyEcho), steadyEcho <= 12));
        }
        for (Delivery d : deliveries) {
          if (d.framework().equals(framework) && d.variant().equals(v)) {
            checks.add(check(label + " round " + d.round() + ": every served request delivered",
                d.delivered() + " / " + d.served(), d.delivered() >= d.served()));
          }
        }
      }
    }
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
