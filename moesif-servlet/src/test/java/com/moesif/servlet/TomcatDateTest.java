package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.junit.jupiter.api.Test;

/** Which responses count as Tomcat's, and the format of the {@code Date} the filter sets. */
class TomcatDateTest {
  /** An application's wrapper: the same class can wrap any container's response. */
  static final class AppWrapper extends HttpServletResponseWrapper {
    AppWrapper(HttpServletResponse response) {
      super(response);
    }
  }

  private static final HttpServletResponse TOMCAT = new ResponseFacade(new Response());
  private static final HttpServletResponse OTHER_CONTAINER =
      (HttpServletResponse) Proxy.newProxyInstance(
          TomcatDateTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> null);

  @Test
  void tomcatsResponseCountsUnderAnyWrappers() {
    assertThat(TomcatDate.isTomcat(TOMCAT)).isTrue();
    assertThat(TomcatDate.isTomcat(new AppWrapper(TOMCAT))).isTrue();
    assertThat(TomcatDate.isTomcat(new AppWrapper(new AppWrapper(TOMCAT)))).isTrue();
    assertThat(TomcatDate.isTomcat(OTHER_CONTAINER)).isFalse();
  }

  @Test
  void theAnswerFollowsWhatTheWrappersHoldInEachCall() {
    // The same wrapper class, asked in turn over each container: an answer kept for the wrapper's
    // class would be the first one's, every time.
    for (int call = 0; call < 3; call++) {
      assertThat(TomcatDate.isTomcat(new AppWrapper(TOMCAT))).as("call " + call + " over Tomcat").isTrue();
      assertThat(TomcatDate.isTomcat(new AppWrapper(OTHER_CONTAINER))).as("call " + call + " over another").isFalse();
    }
    AppWrapper rewrapped = new AppWrapper(TOMCAT);
    assertThat(TomcatDate.isTomcat(rewrapped)).isTrue();
    rewrapped.setResponse(OTHER_CONTAINER);
    assertThat(TomcatDate.isTomcat(rewrapped)).as("the same wrapper, holding another response").isFalse();
  }

  @Test
  void nowIsInTomcatsFormat() {
    assertThat(TomcatDate.now()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
  }
}
