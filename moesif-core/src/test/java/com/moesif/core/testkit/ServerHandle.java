package com.moesif.core.testkit;

import java.net.URI;

/** A running test server with the SDK installed, as started by an adapter's test. */
public interface ServerHandle extends AutoCloseable {

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  URI baseUri();

  /** Stops the server and every thread it started. */
  @Override
  void close();
}
