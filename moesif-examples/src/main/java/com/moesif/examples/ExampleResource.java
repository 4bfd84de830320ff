package com.moesif.examples;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The example API ({@link ExampleApi}) as a Jakarta REST resource, in the API's own idioms:
 * {@code @Path} templates, {@link StreamingOutput} for streamed bodies, exception mappers for the
 * error answers. Same routes and bodies as {@link ExampleServlet}.
 */
@Path("/")
public class ExampleResource {
  private static final String TEXT = "text/plain; charset=utf-8";

  /** The application property holding the {@link OutgoingClients} that {@code GET /outgoing} calls through. */
  static final String OUTGOING_CLIENT = "com.moesif.examples.outgoing-client";

  @GET
  @Path("hello")
  public Response hello() {
    return Response.ok(ExampleApi.HELLO.getBytes(StandardCharsets.UTF_8), TEXT).build();
  }

  /** Streamed, never buffered: works for bodies of any size and shows the tee at work. */
  @POST
  @Path("echo")
  public Response echo(InputStream body, @HeaderParam("Content-Type") @Nullable String contentType) {
    StreamingOutput copy = out -> body.transferTo(out);
    return Response.ok(copy, contentType == null ? MediaType.APPLICATION_OCTET_STREAM : contentType).build();
  }

  @GET
  @Path("json")
  public Response json(@QueryParam("size") @Nullable String sizeParam) {
    int size = sizeParam == null ? ExampleApi.DEFAULT_JSON_SIZE : ExampleApi.parseSize(sizeParam);
    if (size < 0) {
      return error(400, "size must be an integer from 0 to " + ExampleApi.MAX_JSON_SIZE);
    }
    return Response.ok(ExampleApi.jsonDocument(size), MediaType.APPLICATION_JSON).build();
  }

  @GET
  @Path("status/{code}")
  public Response status(@PathParam("code") String code) {
    int status = ExampleApi.parseStatus(code);
    if (status < 0) {
      return error(400, "status must be an integer from 200 to 599");
    }
    byte[] body = ExampleApi.statusBody(status);
    return body.length == 0
        ? Response.status(status).build()
        : Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  /** Each chunk is flushed as it is written (the application turns Jersey's response buffer off). */
  @GET
  @Path("stream")
  public Response stream() {
    StreamingOutput chunks = out -> {
      for (int i = 0; i < ExampleApi.STREAM_CHUNKS; i++) {
        if (i > 0) {
          pause();
        }
        out.write(ExampleApi.streamChunk(i));
        out.flush();
      }
    };
    return Response.ok(chunks, TEXT).build();
  }

  @GET
  @Path("error")
  public String error() {
    throw new ExampleFailure("deliberate failure: GET /error always throws");
  }

  @GET
  @Path("users/{id}")
  public Response user(@PathParam("id") String id) {
    return Response.ok(ExampleApi.userJson(id), MediaType.APPLICATION_JSON).build();
  }

  /** Calls {@code GET /hello} on this same server through each of the application's captured clients. */
  @GET
  @Path("outgoing")
  public Response outgoing(@Context UriInfo uri, @Context Configuration configuration) {
    OutgoingClients clients = (OutgoingClients) configuration.getProperty(OUTGOING_CLIENT);
    try {
      byte[] answer = clients.callAll(uri.getBaseUri().getPort());
      return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(502, "interrupted while calling " + ExampleApi.OUTGOING_TARGET);
    } catch (IOException e) {
      return error(502, "calling " + ExampleApi.OUTGOING_TARGET + " failed: " + e);
    }
  }

  private static void pause() throws InterruptedIOException {
    try {
      Thread.sleep(ExampleApi.STREAM_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stream interrupted");
    }
  }

  static Response error(int status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ExampleApi.errorJson(message)).build();
  }

  /** What {@code GET /error} throws. */
  static final class ExampleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExampleFailure(String message) {
      super(message);
    }
  }

  /** Answers {@code GET /error} with a 500 (the event shows the mapped response) without a stack trace in the log. */
  static final class FailureMapper implements ExceptionMapper<ExampleFailure> {
    @Override
    public Response toResponse(ExampleFailure failure) {
      return error(500, failure.getMessage());
    }
  }

  /** The servlet example's 404 body, for paths no resource matches. */
  static final class NotFoundMapper implements ExceptionMapper<NotFoundException> {
    @Context private @Nullable UriInfo uri;

    @Override
    public Response toResponse(NotFoundException notFound) {
      UriInfo u = uri;
      return error(404, "no route for " + (u == null ? "this path" : "/" + u.getPath()));
    }
  }

  /** The servlet example's 405 body; the runtime's {@code Allow} header is kept. */
  static final class NotAllowedMapper implements ExceptionMapper<NotAllowedException> {
    @Context private @Nullable Request request;

    @Override
    public Response toResponse(NotAllowedException notAllowed) {
      String allowed = notAllowed.getResponse().getHeaderString("Allow");
      Request r = request;
      String message = (r == null ? "this method" : r.getMethod()) + " not allowed; use " + allowed;
      Response.ResponseBuilder response =
          Response.status(405).type(MediaType.APPLICATION_JSON).entity(ExampleApi.errorJson(message));
      return allowed == null ? response.build() : response.header("Allow", allowed).build();
    }
  }
}
