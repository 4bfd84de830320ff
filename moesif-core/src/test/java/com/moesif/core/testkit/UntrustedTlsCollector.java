package com.moesif.core.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS collector on 127.0.0.1 whose certificate is self-signed, generated for each instance
 * with the JDK's {@code keytool} (the JDK has no public API for minting certificates). The SDK
 * must refuse it: nothing it sends may reach {@link #requestsHandled()}. {@link #trustingContext()}
 * gives a client that does trust it, so a test can show the server itself works.
 */
public final class UntrustedTlsCollector implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final KeyStore keyStore;
  private final AtomicInteger handled = new AtomicInteger();

  private UntrustedTlsCollector(HttpsServer server, ExecutorService executor, KeyStore keyStore) {
    this.server = server;
    this.executor = executor;
    this.keyStore = keyStore;
  }

  public static UntrustedTlsCollector start() {
    try {
      KeyStore keyStore = selfSigned();
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "tls-collector");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      UntrustedTlsCollector collector = new UntrustedTlsCollector(server, executor, keyStore);
      server.createContext(
          "/",
          exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
              in.readAllBytes();
              collector.handled.incrementAndGet();
              exchange.sendResponseHeaders(200, -1);
            }
          });
      server.start();
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh EC key pair and self-signed certificate for 127.0.0.1, in memory once loaded. */
  private static KeyStore selfSigned() throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("moesif-tls");
    Path file = dir.resolve("collector.p12");
    try {
      String keytool = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
      Process process =
          new ProcessBuilder(
                  List.of(
                      keytool, "-genkeypair", "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1",
                      "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                      "-storetype", "PKCS12", "-keystore", file.toString(),
                      "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        keyStore.load(in, PASSWORD);
      }
      return keyStore;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** {@code https://127.0.0.1:PORT}. */
  public URI baseUri() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests that completed a TLS handshake and reached the handler. */
  public int requestsHandled() {
    return handled.get();
  }

  /** A client context that trusts this server's certificate (and nothing else). */
  public SSLContext trustingContext() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(keyStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
