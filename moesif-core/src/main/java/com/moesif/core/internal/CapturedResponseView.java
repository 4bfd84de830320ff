package com.moesif.core.internal;

import com.moesif.core.CapturedResponse;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.HttpResponseView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CapturedResponse} handed to hooks: status, time and header pairs as read once at the
 * end of the call, the headers as a map and the parsed body made only when a hook asks.
 */
public final class CapturedResponseView implements CapturedResponse {
  private final HttpResponseView view;
  private final int status;
  private final long timeMillis;
  private final BodyCapture body;
  private final String[] headerPairs;
  private @Nullable HeaderMap headers;
  private @Nullable Object parsedBody;
  private boolean bodyParsed;

  /** @param headerPairs the response's headers as flat name/value pairs, read from {@code view} */
  public CapturedResponseView(HttpResponseView view, int status, long timeMillis, BodyCapture body, String[] headerPairs) {
    this.view = view;
    this.status = status;
    this.timeMillis = timeMillis;
    this.body = body;
    this.headerPairs = headerPairs;
  }

  public String[] headerPairs() {
    return headerPairs;
  }

  public long timeMillis() {
    return timeMillis;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public @Nullable String header(String name) {
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      if (headerPairs[i].equalsIgnoreCase(name)) {
        return headerPairs[i + 1];
      }
    }
    return null;
  }

  @Override
  public Map<String, List<String>> headers() {
    HeaderMap map = headers;
    if (map == null) {
      map = HeaderMap.of(headerPairs);
      headers = map;
    }
    return map;
  }

  @Override
  public Instant time() {
    return Instant.ofEpochMilli(timeMillis);
  }

  @Override
  public @Nullable Object body() {
    if (!bodyParsed) {
      bodyParsed = true;
      parsedBody = CapturedRequestView.parse(body, header("content-type"), header("content-encoding"));
    }
    return parsedBody;
  }

  @Override
  public <T> @Nullable T unwrap(Class<T> type) {
    Object n = view.nativeResponse();
    return type.isInstance(n) ? type.cast(n) : null;
  }
}
