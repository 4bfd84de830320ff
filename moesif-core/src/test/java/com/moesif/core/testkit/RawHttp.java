package com.moesif.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send: lying or
 * missing {@code Content-Length}, raw non-ASCII bytes in the request line, enormous headers. It
 * writes the bytes as given, then reads until the server closes (send {@code Connection: close})
 * or the timeout passes, and splits what came back into responses.
 */
public final class RawHttp {
  private RawHttp() {}

  /** One response read off the wire; {@code status} 0 means the server closed without one. */
  public record Response(int status, List<String> headerLines, byte[] body) {
    /** First value of a header (name case-insensitive), or null. */
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : headerLines) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
      }
      return null;
    }

    /**
     * Status and body: what an application's client acts on (headers such as Date vary). For a
     * container's error page (4xx/5xx) only the status: Tomcat's shows the stack trace, which
     * with any filter installed has the filter's frames in it.
     */
    public String summary() {
      return status >= 400 ? status + " (error page)" : status + " " + new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      String body = new String(body(), StandardCharsets.ISO_8859_1);
      return status + " " + headerLines + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
  }

  /**
   * Sends {@code request} to {@code base}'s host and port and reads every response until EOF.
   *
   * @param halfClose shut the output down after writing (the server then sees EOF instead of
   *     waiting for bytes that never come)
   */
  public static List<Response> exchange(URI base, byte[] request, boolean halfClose, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException refusedMidway) {
        // A server may answer and close before reading everything (431 on a huge header): the
        // answer is still there to read.
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16384];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException stoppedOrReset) {
        // what arrived so far is the answer
      }
      return parse(received.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a byte stream into responses (Content-Length, chunked, or up to EOF). */
  static List<Response> parse(byte[] bytes) {
    List<Response> responses = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      int headEnd = indexOf(bytes, pos, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headEnd < 0) {
        responses.add(new Response(0, List.of(), Arrays.copyOfRange(bytes, pos, bytes.length)));
        break;
      }
      String[] lines = new String(bytes, pos, headEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = 0;
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length >= 2 && statusLine[0].startsWith("HTTP/")) {
        try {
          status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException notHttp) {
          status = 0;
        }
      }
      List<String> headers = List.of(Arrays.copyOfRange(lines, 1, lines.length));
      Response head = new Response(status, headers, new byte[0]);
      int bodyStart = headEnd + 4;
      String length = head.header("Content-Length");
      String transfer = head.header("Transfer-Encoding");
      byte[] body;
      if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = bodyStart;
        while (true) {
          int lineEnd = indexOf(bytes, p, new byte[] {'\r', '\n'});
          if (lineEnd < 0) {
            p = bytes.length;
            break;
          }
          String size = new String(bytes, p, lineEnd - p, StandardCharsets.US_ASCII).split(";")[0].trim();
          int chunk = Integer.parseInt(size, 16);
          p = lineEnd + 2;
          if (chunk == 0) {
            int trailerEnd = indexOf(bytes, p, new byte[] {'\r', '\n'});
            p = trailerEnd < 0 ? bytes.length : trailerEnd + 2;
            break;
          }
          out.write(bytes, p, Math.min(chunk, bytes.length - p));
          p += chunk + 2;
        }
        body = out.toByteArray();
        pos = Math.min(p, bytes.length);
      } else if (length != null) {
        int n = Math.min(Integer.parseInt(length), bytes.length - bodyStart);
        body = Arrays.copyOfRange(bytes, bodyStart, bodyStart + n);
        pos = bodyStart + n;
      } else {
        body = status == 204 || status == 304 ? new byte[0] : Arrays.copyOfRange(bytes, bodyStart, bytes.length);
        pos = status == 204 || status == 304 ? bodyStart : bytes.length;
      }
      responses.add(new Response(status, headers, body));
    }
    return responses;
  }

  private static int indexOf(byte[] bytes, int from, byte[] needle) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** {@code text} as ISO-8859-1 bytes followed by {@code body}: a request to send as is. */
  public static byte[] request(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
