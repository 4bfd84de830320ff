package com.moesif.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Debian's Chromium, headless, driven through the DevTools protocol over the JDK's WebSocket
 * client: enough to load a page, run JavaScript in it, wait for a condition and take a
 * screenshot, without Selenium or a driver binary.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The Chromium binary: {@code $CHROMIUM_BIN}, else the usual Debian paths; null when none. */
  static @Nullable Path find() {
    String env = System.getenv("CHROMIUM_BIN");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  /**
   * Starts Chromium with a fresh profile in {@code profile} and connects to its first tab. The
   * flags keep it from reaching the network on its own (updates, sync, QUIC probes): the test
   * machines have no internet, and a test must talk to nothing but loopback.
   */
  static HeadlessChromium launch(Path binary, Path profile, int width, int height) throws Exception {
    Path log = profile.resolveSibling(profile.getFileName() + ".log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox", // tests run as root, where Chromium's sandbox cannot start
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      // Chromium writes the port it picked (and the browser's path) to DevToolsActivePort.
      Path portFile = profile.resolve("DevToolsActivePort");
      await(() -> Files.isRegularFile(portFile) && lines(portFile).size() >= 2 || !process.isAlive(), Duration.ofSeconds(30));
      if (!process.isAlive()) {
        throw new IllegalStateException("chromium exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      int port = Integer.parseInt(lines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
      String pageSocket = null;
      for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(list).build(), BodyHandlers.ofString()).body())) {
        if (target.path("type").asText().equals("page")) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        throw new IllegalStateException("chromium has no page target");
      }
      CompletableFuture<HeadlessChromium> self = new CompletableFuture<>();
      WebSocket socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(URI.create(pageSocket), new Listener(self))
              .get(15, TimeUnit.SECONDS);
      HeadlessChromium chromium = new HeadlessChromium(process, socket);
      self.complete(chromium);
      return chromium;
    } catch (Exception | Error e) {
      stop(process);
      throw e;
    }
  }

  /** Calls a DevTools method and returns its {@code result}. */
  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode reply;
    try {
      reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Navigates and waits until the document has loaded. */
  void open(URI url) throws Exception {
    call("Page.enable", params());
    call("Page.navigate", params().put("url", url.toString()));
    awaitTrue("document.readyState === 'complete'", Duration.ofSeconds(15));
  }

  /** Evaluates an expression in the page (promises awaited) and returns its value as JSON. */
  JsonNode eval(String expression) throws Exception {
    JsonNode result =
        call("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw for `" + expression + "`: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Polls an expression until it is {@code true}; fails with its last value otherwise. */
  void awaitTrue(String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = eval(expression);
      if (last.isBoolean() && last.asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("still not true after " + timeout.toMillis() + " ms: " + expression + " (last: " + last + ")");
  }

  /** A PNG of the viewport. */
  byte[] screenshot() throws Exception {
    JsonNode result = call("Page.captureScreenshot", params().put("format", "png"));
    return Base64.getDecoder().decode(result.path("data").asText());
  }

  @Override
  public void close() {
    socket.abort();
    stop(process);
  }

  private static void stop(Process process) {
    // Chromium runs a handful of child processes (zygote, renderer, utility): stop them all, so
    // nothing keeps writing to the profile directory the test is about to delete.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        child.onExit().get(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of(); // being written
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms");
      }
      Thread.sleep(50);
    }
  }

  /** Reassembles text frames into messages and completes the matching call. */
  private static final class Listener implements WebSocket.Listener {
    private final CompletableFuture<HeadlessChromium> owner;
    private final StringBuilder partial = new StringBuilder();

    Listener(CompletableFuture<HeadlessChromium> owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        // Replies can only answer calls, which start after the owner is known.
        owner.thenAccept(chromium -> chromium.onMessage(text));
      }
      webSocket.request(1);
      return null;
    }
  }

  private void onMessage(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
      }
      // Everything else is a protocol event (console messages, network); none is needed here.
    } catch (IOException e) {
      throw new IllegalStateException("DevTools sent something that is not JSON: " + text, e);
    }
  }
}
