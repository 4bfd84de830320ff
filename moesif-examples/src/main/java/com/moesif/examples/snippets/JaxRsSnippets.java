package com.moesif.examples.snippets;

import com.moesif.core.Moesif;
import com.moesif.core.MoesifConfig;
import com.moesif.jaxrs.MoesifClientFeature;
import com.moesif.jaxrs.MoesifFeature;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.server.ResourceConfig;

/** Jakarta REST: the server feature on a Jersey application, the client feature. */
final class JaxRsSnippets {
  private JaxRsSnippets() {}

  /** Stands in for the application's resources. */
  static final class MyResource {}

  static void both(MoesifConfig config) {
    // snippet: README.md
    Moesif moesif = Moesif.create(config); // one SDK for both sides; the client side needs captureOutgoingRequests(true)
    ResourceConfig app = new ResourceConfig(MyResource.class).register(new MoesifFeature(moesif));
    Client client = ClientBuilder.newBuilder().register(new MoesifClientFeature(moesif)).build();
    // end snippet
  }

  static Moesif server() {
    // snippet: moesif-jaxrs/README.md
    Moesif moesif = Moesif.create(MoesifConfig.builder().applicationId("…").build());
    ResourceConfig app = new ResourceConfig(MyResource.class).register(new MoesifFeature(moesif));
    // or: new MoesifFeature(config), which creates the SDK itself
    // end snippet
    return moesif;
  }

  static void client(Moesif moesif) {
    // snippet: moesif-jaxrs/README.md
    Client client = ClientBuilder.newBuilder().register(new MoesifClientFeature(moesif)).build();
    // end snippet
  }
}
