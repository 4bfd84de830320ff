package com.moesif.jaxrs.contract;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Annotations on an interface, as shared with typed clients, inherited by the implementation.
 * In a package of its own so that the scanning test of {@code com.moesif.jaxrs} does not meet it.
 */
@Path("/contract")
public interface ContractApi {
  @GET
  @Path("items/{n}")
  @Produces(MediaType.TEXT_PLAIN)
  String item(@PathParam("n") String n);

  /** The implementation, without annotations of its own. */
  class Resource implements ContractApi {
    @Override
    public String item(String n) {
      return "item " + n;
    }
  }
}
