package com.moesif.jaxrs;

import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.ASYNC_DELAY;
import static com.moesif.core.testkit.AbstractServerSuite.HEALTH_BODY;
import static com.moesif.core.testkit.AbstractServerSuite.HELLO;

import com.moesif.core.testkit.AbstractHostileTrafficSuite;
import com.moesif.core.testkit.AbstractServerSuite;
import com.moesif.core.testkit.ScenarioStream;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The scenario application of {@link AbstractServerSuite} as a Jakarta REST resource, in the
 * idioms of the API: {@code @Suspended AsyncResponse} for {@code /async}, {@link StreamingOutput}
 * for {@code /stream}, {@code @FormParam} for {@code /form}; plus the routes {@link
 * MoesifFeatureTest} needs.
 */
@Path("/")
public class ScenarioResource {
  private static final Executor LATER =
      CompletableFuture.delayedExecutor(ASYNC_DELAY.toMillis(), TimeUnit.MILLISECONDS);

  @GET
  @Path("hello")
  @Produces(MediaType.TEXT_PLAIN)
  public String hello() {
    return HELLO;
  }

  @GET
  @Path("health")
  @Produces(MediaType.TEXT_PLAIN)
  public String health() {
    return HEALTH_BODY;
  }

  @POST
  @Path("echo")
  public Response echo(byte[] body, @HeaderParam("Content-Type") String contentType) {
    return Response.ok(body, contentType).build();
  }

  @POST
  @Path("form")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_PLAIN)
  public String form(@FormParam("name") String name) {
    return "hi " + name;
  }

  @GET
  @Path("json")
  @Produces(MediaType.APPLICATION_JSON)
  public String json(@QueryParam("size") int size) {
    return AbstractServerSuite.jsonOfSize(size);
  }

  @GET
  @Path("binary")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public byte[] binary() {
    return AbstractServerSuite.binaryBody();
  }

  @GET
  @Path("gzip")
  public Response gzip() {
    return Response.ok(AbstractServerSuite.gzippedJson(), MediaType.APPLICATION_JSON)
        .header("Content-Encoding", "gzip")
        .build();
  }

  @GET
  @Path("status/{code}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response status(@PathParam("code") int code) {
    return Response.status(code).entity(AbstractServerSuite.statusBody(code)).build();
  }

  @GET
  @Path("stream")
  @Produces(MediaType.TEXT_PLAIN)
  public StreamingOutput stream() {
    return out -> ScenarioStream.produce(chunk -> {
      out.write(chunk);
      out.flush();
    });
  }

  @GET
  @Path("error")
  public String error() {
    throw new RuntimeException("boom");
  }

  @GET
  @Path("async")
  public void async(@Suspended AsyncResponse response) {
    LATER.execute(() -> response.resume(Response.ok(ASYNC_BODY, MediaType.APPLICATION_JSON).build()));
  }

  @GET
  @Path("users/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public String user(@PathParam("id") String id) {
    return AbstractServerSuite.userBody(id);
  }

  // ---- the routes of AbstractHostileTrafficSuite

  @GET
  @Path("gzip-bomb")
  public Response gzipBomb() {
    return Response.ok(AbstractHostileTrafficSuite.gzipBomb(), MediaType.APPLICATION_JSON)
        .header("Content-Encoding", "gzip")
        .build();
  }

  @GET
  @Path("headers")
  @Produces(MediaType.TEXT_PLAIN)
  public String headers(@Context HttpHeaders headers) {
    int values = 0;
    long chars = 0;
    for (Map.Entry<String, List<String>> header : headers.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        values++;
        chars += header.getKey().length() + value.length();
      }
    }
    return "n=" + values + " chars=" + chars;
  }
}
