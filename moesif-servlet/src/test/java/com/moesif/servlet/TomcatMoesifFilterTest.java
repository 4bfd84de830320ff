package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ServerHandle;
import java.util.Set;

/** The server scenarios on embedded Tomcat 10.1 with {@link MoesifFilter}. */
class TomcatMoesifFilterTest extends AbstractServerSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestServers.TOMCAT.start(new MoesifFilter(moesif));
  }

  /** Tomcat writes Date into the response only as it commits it, after a synchronous call ended. */
  @Override
  protected Set<String> headersAddedAfterTheCall() {
    return Set.of("date");
  }
}
