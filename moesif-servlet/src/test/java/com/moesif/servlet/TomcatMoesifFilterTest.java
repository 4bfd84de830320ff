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
}
