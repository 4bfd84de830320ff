package com.moesif.core.internal;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client IP of a request (collector-api.md §5): the first valid IP literal from the
 * forwarding headers in a fixed order, then the socket peer. Never resolves names.
 */
public final class ClientIpResolver {
  private final @Nullable List<String> trustedProxies;

  /** @param trustedProxies IPs/CIDRs whose forwarding headers are believed; null believes all */
  public ClientIpResolver(@Nullable List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * @param header first value of a request header by (case-insensitive) name, or null
   * @param remoteAddress the socket peer's address, or null
   */
  public @Nullable String resolve(Function<String, @Nullable String> header, @Nullable String remoteAddress) {
    return null; // TODO(utils branch)
  }
}
