package com.moesif.javalin;

import com.moesif.core.Moesif;
import com.moesif.javalin.internal.HandWiredCall;
import io.javalin.http.Handler;
import java.util.Objects;

/**
 * The capture as a pair of plain Javalin handlers, for applications that wire handlers by hand
 * rather than register {@link MoesifPlugin}:
 *
 * <pre>{@code
 * Moesif moesif = Moesif.create(MoesifConfig.builder().applicationId("…").build());
 * Javalin.create(config -> {
 *   config.routes.before(MoesifJavalin.beforeHandler(moesif));   // first before-handler
 *   config.routes.get("/users/{id}", ctx -> ctx.json(users.find(ctx.pathParam("id"))));
 *   config.routes.after(MoesifJavalin.afterHandler(moesif));     // last after-handler
 * });
 * }</pre>
 *
 * <p>Both are needed: the before-handler starts the capture (transaction id, governance: a
 * blocking rule answers and skips every remaining handler), the after-handler completes it. The
 * pair works at Javalin's level, so it sees less than the plugin: the response body is copied when
 * it is a byte or text result ({@code ctx.result(String)}, {@code ctx.result(byte[])}, {@code
 * ctx.json}, also from {@code ctx.future} and exception handlers), not when it is a stream
 * ({@code ctx.result(InputStream)}, static files) or written to {@code ctx.outputStream()}; the
 * request body is copied as the application reads it through {@code ctx.body*()}, {@code
 * ctx.formParam*()} or {@code ctx.bodyInputStream()}; governance rules on body fields see no body.
 * Hooks can {@code unwrap} the Javalin {@code Context}. When {@link MoesifPlugin} is installed too,
 * the plugin captures and these handlers do nothing.
 */
public final class MoesifJavalin {
  private MoesifJavalin() {}

  /**
   * Starts capturing a call; register it as the first before-handler, for every path.
   *
   * @param moesif the SDK to capture with; the caller closes it
   * @return the handler
   */
  public static Handler beforeHandler(Moesif moesif) {
    return HandWiredCall.beforeHandler(Objects.requireNonNull(moesif, "moesif").captureEngine());
  }

  /**
   * Completes the capture started by {@link #beforeHandler}; register it as the last after-handler.
   *
   * @param moesif the same SDK as the before-handler's
   * @return the handler
   */
  public static Handler afterHandler(Moesif moesif) {
    return HandWiredCall.afterHandler(Objects.requireNonNull(moesif, "moesif").captureEngine());
  }
}
