package com.moesif.core.testkit;

import com.moesif.core.adapter.HttpRequestView;
import com.moesif.core.adapter.HttpResponseView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Plain request/response views for driving the engine without a framework. */
public final class FakeHttp {
  private FakeHttp() {}

  public static Request request(String method, String url) {
    return new Request(method, url);
  }

  public static Response response(int status) {
    return new Response(status);
  }

  /** A mutable request view. */
  public static final class Request implements HttpRequestView {
    private final String method;
    private final String url;
    private final List<String[]> headers = new ArrayList<>();
    private String remoteAddress = "127.0.0.1";

    Request(String method, String url) {
      this.method = method;
      this.url = url;
    }

    public Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Request remoteAddress(String address) {
      this.remoteAddress = address;
      return this;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public String remoteAddress() {
      return remoteAddress;
    }

    @Override
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      headers.forEach(h -> action.accept(h[0], h[1]));
    }

    @Override
    public Object nativeRequest() {
      return this;
    }
  }

  /** A mutable response view. */
  public static final class Response implements HttpResponseView {
    private final int status;
    private final List<String[]> headers = new ArrayList<>();

    Response(int status) {
      this.status = status;
    }

    public Response header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    @Override
    public void forEachHeader(BiConsumer<String, String> action) {
      headers.forEach(h -> action.accept(h[0], h[1]));
    }

    @Override
    public Object nativeResponse() {
      return this;
    }
  }
}
