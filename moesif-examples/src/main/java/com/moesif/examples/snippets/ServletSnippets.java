package com.moesif.examples.snippets;

import com.moesif.core.MoesifConfig;
import com.moesif.servlet.MoesifFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;

/** Registering {@link MoesifFilter} with the servlet API (Tomcat, Jetty, any Servlet 6 container). */
final class ServletSnippets {
  private ServletSnippets() {}

  static void register(ServletContext servletContext) {
    // snippet: README.md moesif-servlet/README.md
    MoesifConfig config = MoesifConfig.builder().applicationId("your-application-id").build();
    FilterRegistration.Dynamic moesif = servletContext.addFilter("moesif", new MoesifFilter(config));
    moesif.setAsyncSupported(true);
    moesif.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    // end snippet
  }
}
