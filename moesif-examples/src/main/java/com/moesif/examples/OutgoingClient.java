package com.moesif.examples;

import com.moesif.core.Moesif;
import com.moesif.jdkhttp.MoesifHttpClient;
import java.net.http.HttpClient;
import org.jspecify.annotations.Nullable;

/** The client behind {@code GET /outgoing} of the examples in this jar. */
final class OutgoingClient {
  private OutgoingClient() {}

  /**
   * {@link ExampleApi#outgoingClient()}, wrapped by {@link MoesifHttpClient} when there is an SDK:
   * the SDK shared with the server's incoming adapter, as an application would share it.
   */
  static HttpClient create(@Nullable Moesif moesif) {
    HttpClient client = ExampleApi.outgoingClient();
    return moesif == null ? client : MoesifHttpClient.wrap(client, moesif);
  }
}
