package com.moesif.httpclient5.internal;

import com.moesif.core.adapter.HttpResponseView;
import java.util.Iterator;
import java.util.function.BiConsumer;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Header;
import org.jspecify.annotations.Nullable;

/**
 * Getters over the response as the caller gets it. After the client's transparent decompression
 * the headers still say {@code Content-Encoding: gzip} while the entity (and so the copy) is
 * decoded; the engine's decoder treats a copy that is not really gzip as plain bytes, so the
 * headers are reported as the response carries them.
 */
final class Hc5ResponseView implements HttpResponseView {
  private final HttpResponse response;

  Hc5ResponseView(HttpResponse response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.getCode();
  }

  @Override
  public @Nullable String header(String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? null : header.getValue();
  }

  @Override
  public void forEachHeader(BiConsumer<String, String> action) {
    for (Iterator<Header> it = response.headerIterator(); it.hasNext(); ) {
      Header header = it.next();
      action.accept(header.getName(), header.getValue());
    }
  }

  @Override
  public Object nativeResponse() {
    return response;
  }
}
