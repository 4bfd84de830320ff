package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.javalin.internal.JavalinFilter;
import io.javalin.config.JavalinState;
import io.javalin.plugin.Plugin;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Captures every call a Javalin 7 application serves and sends it to Moesif: route handlers,
 * {@code ctx.json}, {@code ctx.result(InputStream)}, streamed writes, {@code ctx.future} results,
 * responses of exception and error handlers, 404s and static files, each exactly once, as the
 * client got it.
 *
 * <pre>{@code
 * Javalin.create(config -> {
 *   config.registerPlugin(new MoesifPlugin(moesif -> moesif.applicationId("your application id")));
 *   config.routes.get("/users/{id}", ctx -> ctx.json(users.find(ctx.pathParam("id"))));
 * }).start(7070);
 * }</pre>
 *
 * <p>The plugin puts a servlet filter in front of Javalin's servlet, first in the chain: bodies are
 * copied on their way between the client and Javalin (up to the configured limits, never
 * buffered), so every way a handler reads or writes is seen, and what Javalin's exception, error
 * and 404 handling answered is what the event reports. Hooks see the matched route template
 * ({@code /users/{id}}) through {@code CapturedRequest.route()}, and the {@code
 * HttpServletRequest} through {@code unwrap}. WebSocket upgrades pass through uncaptured.
 *
 * <p>An SDK the plugin creates (from a {@link MoesifConfig} or a configuration consumer) starts
 * with the server and is closed when the server stops; a {@link Moesif} passed in is shared and
 * left to its owner. The SDK fails open: its own errors are counted in {@link Moesif#stats()} and
 * the call proceeds as without it.
 */
public final class MoesifPlugin extends Plugin<MoesifConfig.Builder> {
  private final @Nullable MoesifConfig config;
  private volatile @Nullable Moesif moesif;

  /**
   * A plugin configured in code, on top of {@code MOESIF_*} environment variables and {@code
   * moesif.*} system properties: {@code new MoesifPlugin(m -> m.applicationId("…").logBody(true))}.
   *
   * @param userConfig sets the options on the configuration builder
   * @throws IllegalArgumentException when the configuration is invalid (the message names the key)
   */
  public MoesifPlugin(Consumer<MoesifConfig.Builder> userConfig) {
    super(Objects.requireNonNull(userConfig, "userConfig"), MoesifConfig.builder().applyEnvironment());
    // Built now, so a bad configuration fails at registration rather than at the first request.
    this.config = pluginConfig.build();
  }

  /**
   * A plugin creating its SDK from {@code config} when the server starts.
   *
   * @param config the configuration
   */
  public MoesifPlugin(MoesifConfig config) {
    super(null, null);
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * A plugin using a shared SDK (e.g. one the outgoing interceptors use too); the caller closes it.
   *
   * @param moesif the SDK to capture with
   */
  public MoesifPlugin(Moesif moesif) {
    super(null, null);
    this.config = null;
    this.moesif = Objects.requireNonNull(moesif, "moesif");
  }

  /**
   * The SDK this plugin captures with, for {@link Moesif#stats()}, {@link Moesif#flush} and the
   * entity API.
   *
   * @return the SDK
   * @throws IllegalStateException when the plugin creates its SDK and the server has not started
   */
  public Moesif moesif() {
    Moesif m = moesif;
    if (m == null) {
      throw new IllegalStateException("MoesifPlugin: the SDK is created when the server starts");
    }
    return m;
  }

  @Override
  public void onStart(JavalinState state) {
    state.jetty.modifyServletContextHandler(
        handler -> JavalinFilter.install(handler, startSdk(state), state));
  }

  /**
   * The shared SDK, or a new one: created only once the server starts (this runs while Jetty is
   * being set up), so an application that is created but never started has no SDK threads.
   */
  private Moesif startSdk(JavalinState state) {
    Moesif m = moesif;
    if (m != null) {
      return m;
    }
    Moesif created = Moesif.create(Objects.requireNonNull(config), "javalin");
    moesif = created;
    state.events.serverStopped(created::close);
    state.events.serverStartFailed(created::close);
    return created;
  }
}
