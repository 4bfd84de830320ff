package com.moesif.servlet;

import com.moesif.core.Moesif;
import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.ServerHandle;

/** Hostile and broken traffic on embedded Tomcat 10.1 with {@link MoesifFilter}. */
class TomcatHostileTrafficTest extends AbstractHostileTrafficSuite {
  @Override
  protected ServerHandle startServer(Moesif moesif) throws Exception {
    return TestServers.TOMCAT.start(new MoesifFilter(moesif));
  }
}
