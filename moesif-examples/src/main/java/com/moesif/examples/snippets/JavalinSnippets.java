package com.moesif.examples.snippets;

import com.moesif.core.Moesif;
import com.moesif.javalin.MoesifJavalin;
import com.moesif.javalin.MoesifPlugin;
import com.moesif.servlet.MoesifFilter;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/** Javalin 7: the plugin, the hand-wired handlers, the plain servlet filter. */
final class JavalinSnippets {
  private JavalinSnippets() {}

  /** Stands in for the application's own data access. */
  interface Users {
    Object find(String id);
  }

  static void plugin(Users users) {
    // snippet: README.md
    Javalin.create(config -> {
      config.registerPlugin(new MoesifPlugin(moesif -> moesif.applicationId("your-application-id")));
      config.routes.get("/users/{id}", ctx -> ctx.json(users.find(ctx.pathParam("id"))));
    }).start(7070);
    // end snippet
  }

  static void pluginWithHooks(Users users) {
    // snippet: moesif-javalin/README.md
    Javalin.create(config -> {
      // the builder already holds MOESIF_APPLICATION_ID and every other MOESIF_* setting
      config.registerPlugin(new MoesifPlugin(moesif -> moesif
          .identifyUser((req, res) -> req.header("X-User-Id"))));
      config.routes.get("/users/{id}", ctx -> ctx.json(users.find(ctx.pathParam("id"))));
    }).start(7070);
    // end snippet
  }

  static void handlers(JavalinConfig config, Moesif moesif) {
    // snippet: moesif-javalin/README.md
    config.routes.before(MoesifJavalin.beforeHandler(moesif));   // first before-handler
    config.routes.after(MoesifJavalin.afterHandler(moesif));     // last after-handler
    // end snippet
  }

  static void filter(JavalinConfig config, Moesif moesif) {
    // snippet: moesif-javalin/README.md
    config.jetty.modifyServletContextHandler(handler -> {
      FilterHolder holder = new FilterHolder(new MoesifFilter(moesif));
      holder.setAsyncSupported(true);
      handler.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    });
    // end snippet
  }
}
