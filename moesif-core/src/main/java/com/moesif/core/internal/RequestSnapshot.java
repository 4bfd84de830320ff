package com.moesif.core.internal;

import com.moesif.core.CapturedRequest;
import com.moesif.core.Direction;
import com.moesif.core.adapter.BodyCapture;
import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.model.EventBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@link CapturedRequest} handed to hooks: a lazy view over the adapter's getters. */
public final class RequestSnapshot implements CapturedRequest {
  private final HttpRequestView view;
  private final Direction direction;
  private final long timeMillis;
  private final @Nullable String ipAddress;
  private final BodyCapture body;
  private @Nullable String[] headerPairs;
  private @Nullable HeaderMap headers;
  private @Nullable Object parsedBody;
  private boolean bodyParsed;
  private final String url;

  public RequestSnapshot(
      HttpRequestView view,
      Direction direction,
      long timeMillis,
      @Nullable String ipAddress,
      BodyCapture body) {
    this.view = view;
    this.direction = direction;
    this.timeMillis = timeMillis;
    this.ipAddress = ipAddress;
    this.body = body;
    this.url = view.url();
  }

  public HttpRequestView view() {
    return view;
  }

  public long timeMillis() {
    return timeMillis;
  }

  public BodyCapture bodyCapture() {
    return body;
  }

  /** Flat name/value pairs of every header value, read once from the adapter. */
  public String[] headerPairs() {
    String[] pairs = headerPairs;
    if (pairs == null) {
      pairs = flatten(view::forEachHeader);
      headerPairs = pairs;
    }
    return pairs;
  }

  static String[] flatten(java.util.function.Consumer<java.util.function.BiConsumer<String, String>> source) {
    PairCollector pairs = new PairCollector();
    source.accept(pairs);
    return pairs.toArray();
  }

  /** Collects name/value pairs into an exactly-sized array with one growable buffer, no boxing list. */
  private static final class PairCollector implements java.util.function.BiConsumer<String, String> {
    private String[] items = new String[24];
    private int size;

    @Override
    public void accept(String name, String value) {
      if (name == null || value == null) {
        return;
      }
      if (size + 2 > items.length) {
        items = java.util.Arrays.copyOf(items, items.length * 2);
      }
      items[size++] = name;
      items[size++] = value;
    }

    String[] toArray() {
      return size == items.length ? items : java.util.Arrays.copyOf(items, size);
    }
  }

  @Override
  public String method() {
    return view.method();
  }

  @Override
  public String uri() {
    return url;
  }

  @Override
  public String path() {
    return Urls.path(url);
  }

  @Override
  public @Nullable String query() {
    return Urls.query(url);
  }

  @Override
  public @Nullable String route() {
    return view.route();
  }

  @Override
  public @Nullable String header(String name) {
    return view.header(name);
  }

  @Override
  public Map<String, List<String>> headers() {
    HeaderMap map = headers;
    if (map == null) {
      map = HeaderMap.of(headerPairs());
      headers = map;
    }
    return map;
  }

  @Override
  public @Nullable String ipAddress() {
    return ipAddress;
  }

  @Override
  public Instant time() {
    return Instant.ofEpochMilli(timeMillis);
  }

  @Override
  public @Nullable Object body() {
    if (!bodyParsed) {
      bodyParsed = true;
      parsedBody = parse(body, view.header("content-type"), view.header("content-encoding"));
    }
    return parsedBody;
  }

  static @Nullable Object parse(BodyCapture capture, @Nullable String type, @Nullable String encoding) {
    if (!capture.isEnabled() || capture.totalBytes() == 0) {
      return null;
    }
    EventBody decoded =
        BodyDecoder.decode(
            new PendingEvent.RawBody(
                capture.buffer(), capture.length(), capture.totalBytes(), capture.limit(), type, encoding));
    if (decoded == null) {
      return null;
    }
    return decoded.isJson() ? decoded.toJsonNode() : decoded.base64Text();
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public <T> @Nullable T unwrap(Class<T> type) {
    Object n = view.nativeRequest();
    return type.isInstance(n) ? type.cast(n) : null;
  }
}
