package com.moesif.examples;

import com.moesif.core.Moesif;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The example API on Spark Java (moesif-examples-spark), hosted next to the Jetty 12 examples.
 * Spark runs on Jetty 9 and javax.servlet, which cannot share a class path with Jetty 12, so the
 * Spark example comes as a jar nested in this one ({@value #NESTED_JAR}: Spark, Jetty 9,
 * javax.servlet, moesif-spark and the example) and runs in a class loader of its own. That loader
 * sees the JDK, the nested jar, and from this jar only the SDK and what the SDK's API needs
 * ({@link #SHARED}): no Jetty 12 or jakarta class can leak in, and the example captures with the
 * very {@link Moesif} it is given, which the caller flushes and closes as with the other examples.
 */
final class SparkExampleServer implements ExampleServer {
  static final String NESTED_JAR = "spark-example/moesif-examples-spark.jar";
  private static final String EXAMPLE_CLASS = "com.moesif.examples.SparkExample";
  /** Package prefixes the isolated example takes from this jar rather than its own. */
  static final List<String> SHARED = List.of("com.moesif.core.", "com.fasterxml.jackson.", "org.slf4j.");

  /** One loader for the JVM: the nested jar is extracted once, however many Spark examples start. */
  private static @Nullable ClassLoader isolated;

  private @Nullable Object example;

  @Override
  public synchronized int start(int port, @Nullable Moesif moesif) throws Exception {
    if (example != null) {
      throw new IllegalStateException("already started");
    }
    Class<?> type = isolatedLoader().loadClass(EXAMPLE_CLASS);
    Object instance = type.getConstructor().newInstance();
    int bound = (Integer) call(instance, type.getMethod("start", int.class, Moesif.class), port, moesif);
    example = instance;
    return bound;
  }

  @Override
  public synchronized void stop() throws Exception {
    Object instance = example;
    example = null;
    if (instance != null) {
      call(instance, instance.getClass().getMethod("stop"));
    }
  }

  /**
   * Calls into the isolated example with its loader as the context class loader: Jetty 9 looks up
   * its services through it (finding Jetty 12's would fail), and the threads Spark and Jetty start
   * inherit it. The example's own exceptions come out unwrapped (an {@link IOException} when the
   * port is taken, as the other examples throw).
   */
  private static @Nullable Object call(Object target, Method method, @Nullable Object... args) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(target.getClass().getClassLoader());
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  static synchronized ClassLoader isolatedLoader() throws IOException {
    ClassLoader loader = isolated;
    if (loader == null) {
      ClassLoader host = SparkExampleServer.class.getClassLoader();
      URL nested = host.getResource(NESTED_JAR);
      if (nested == null) {
        throw new IOException(NESTED_JAR + " is not on the class path (it is built by moesif-examples-spark)");
      }
      // A class loader reads jars from files, not from inside another jar: extract it once.
      Path jar = Files.createTempFile("moesif-examples-spark-", ".jar");
      jar.toFile().deleteOnExit();
      try (InputStream in = nested.openStream()) {
        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
      }
      loader = new IsolatingLoader(jar.toUri().toURL(), host);
      isolated = loader;
      // SLF4J is shared. slf4j-simple reads its settings through the context class loader of the
      // thread that first logs; were that Spark's, it would miss this jar's simplelogger.properties.
      LoggerFactory.getILoggerFactory();
    }
    return loader;
  }

  /**
   * The nested jar over the platform class loader (the JDK only), plus the {@link #SHARED}
   * packages from the host. Resources come from the JDK and the nested jar only, so Jetty 9's
   * service lookups never see Jetty 12's {@code META-INF/services}.
   */
  private static final class IsolatingLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader host;

    IsolatingLoader(URL jar, ClassLoader host) {
      super("moesif-examples-spark", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
      this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String prefix : SHARED) {
        if (name.startsWith(prefix)) {
          return host.loadClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
