package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;

/** The server scenarios on embedded Tomcat 10.1 with {@link MoesifFilter}. */
class TomcatMoesifFilterTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestServers.TOMCAT.start(new MoesifFilter(moesif));
  }

  /**
   * Tomcat's ErrorReportValve writes its error page after the request's last servlet-API
   * callback: pinned by {@code MoesifFilterTest.uncaughtExceptionEventOnTomcatHasTheStatusButNotTheErrorPage}.
   */
  @Override
  protected boolean eventShowsTheErrorResponse() {
    return false;
  }
}
