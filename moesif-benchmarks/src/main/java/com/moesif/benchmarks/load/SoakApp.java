package com.moesif.benchmarks.load;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.core.MoesifStats;
import com.moesif.examples.ExampleServer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The app side of {@link SoakTest}: the servlet example API with the SDK, in its own JVM on the
 * class path of {@code moesif-examples.jar} (where {@code com.moesif.servlet.MoesifFilter} is ours,
 * not the official peer's that the benchmarks jar carries under the same name), controlled over JMX
 * ({@link SoakAppMXBean}). Only this class and its MXBean interface are copied out of the
 * benchmarks jar for it: anything else they referenced from there would not load in the app JVM.
 *
 * <p>{@code SoakApp BASE_URI QUEUE_BYTES [MAX_RETRIES]}; prints {@code listening on URL}, exits
 * when its standard input closes (the driver went away) or on SIGTERM.
 */
public final class SoakApp implements SoakAppMXBean {
  static final String OBJECT_NAME = "com.moesif.benchmarks:type=SoakApp";
  private static final String FILTER = "com.moesif.servlet.MoesifFilter";

  private final Moesif moesif;
  private final ExampleServer server;

  private SoakApp(Moesif moesif, ExampleServer server) {
    this.moesif = moesif;
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    MoesifConfig.Builder builder =
        MoesifConfig.builder()
            .applicationId("soak-test-application-id")
            .baseUri(URI.create(args[0]))
            .maxQueueBytes(Long.parseLong(args[1]))
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(5))
            .shutdownHook(false);
    if (args.length > 2) {
      builder.maxRetries(Integer.parseInt(args[2]));
    }
    Moesif moesif = Moesif.create(builder.build(), "servlet");
    ExampleServer server = ExampleServer.create("servlet");
    int port;
    try {
      port = server.start(0, moesif);
    } catch (Exception | LinkageError e) {
      // The SDK's workers would keep this JVM up: fail now, not at the driver's start timeout.
      e.printStackTrace();
      System.exit(1);
      return;
    }
    ManagementFactory.getPlatformMBeanServer().registerMBean(new SoakApp(moesif, server), new ObjectName(OBJECT_NAME));
    System.out.println("servlet example listening on http://127.0.0.1:" + port);
    System.in.transferTo(java.io.OutputStream.nullOutputStream());
    System.exit(0);
  }

  @Override
  public String filterSource() {
    try {
      java.security.CodeSource source = Class.forName(FILTER).getProtectionDomain().getCodeSource();
      return source == null ? "the boot class path" : String.valueOf(source.getLocation());
    } catch (ClassNotFoundException e) {
      return "not found: " + e;
    }
  }

  @Override
  public int maxRetries() {
    return moesif.config().maxRetries();
  }

  @Override
  public Map<String, String> stats() {
    MoesifStats s = moesif.stats();
    Map<String, String> values = new LinkedHashMap<>();
    for (RecordComponent c : MoesifStats.class.getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(s);
        if (value != null) {
          values.put(c.getName(), value.toString());
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return values;
  }

  @Override
  public long moesifThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("moesif-")).count();
  }

  @Override
  public boolean flush(long seconds) {
    return moesif.flush(Duration.ofSeconds(seconds));
  }

  @Override
  public void stopAndClose(long seconds) throws Exception {
    server.stop();
    moesif.close(Duration.ofSeconds(seconds));
  }
}
