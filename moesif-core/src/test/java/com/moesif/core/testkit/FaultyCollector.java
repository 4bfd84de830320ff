package com.moesif.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP front for a {@link CollectorDouble} that injects the faults the JDK {@code
 * HttpServer} cannot express: refusing connections, accepting and never answering, answering
 * garbage, closing in the middle of a response, and flapping between up and refusing. With no
 * fault it proxies bytes both ways to the double, which then records what was delivered, so a
 * test points the SDK at {@link #baseUri()} for its whole life and switches faults on and off.
 *
 * <p>Switching the fault closes every open connection, so connections the SDK keeps alive see the
 * new behaviour on their next request instead of staying proxied. Refusing closes the listening
 * socket (the kernel then refuses with RST); leaving it binds the same port again.
 */
public final class FaultyCollector implements AutoCloseable {
  /** What the front does with a connection. */
  public enum Fault {
    /** Proxies to the collector double. */
    NONE,
    /** Nothing listens on the port: connections are refused. */
    REFUSE,
    /** Accepts, reads the request, never answers (until the fault changes or close). */
    HANG,
    /** Reads the request and answers bytes that are not HTTP, then closes. */
    GARBAGE,
    /** Reads the request, sends a 200 head promising 1000 bytes, sends 10 and closes. */
    CLOSE_MID_RESPONSE,
    /** Reads the request, sends a 200 head promising 100,000 bytes, then one byte a second. */
    TRICKLE_BODY,
    /** Reads the request, sends a chunked 200 head, then a one-byte chunk every 100 ms, forever. */
    ENDLESS_CHUNKED
  }

  private static final byte[] GARBAGE_BYTES =
      "\u0000\u0001\u0002 SMTP ready? <html>not http at all</html>\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final URI upstream;
  private final int port;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile Fault fault = Fault.NONE;
  private volatile @Nullable ServerSocket listener;
  private volatile @Nullable Thread flapper;
  private volatile boolean closed;

  private FaultyCollector(URI upstream, ServerSocket listener, ExecutorService threads) {
    this.upstream = upstream;
    this.listener = listener;
    this.port = listener.getLocalPort();
    this.threads = threads;
  }

  /** Starts the front on 127.0.0.1 and a free port, proxying to {@code upstream}. */
  public static FaultyCollector start(CollectorDouble upstream) {
    return start(upstream.baseUri());
  }

  /** Starts the front on 127.0.0.1 and a free port, proxying to any loopback HTTP server. */
  public static FaultyCollector start(URI upstream) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "faulty-collector-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      FaultyCollector front = new FaultyCollector(upstream, bind(0), threads);
      front.acceptLoop(front.listener);
      return front;
    } catch (IOException e) {
      threads.shutdownNow();
      throw new UncheckedIOException(e);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    return socket;
  }

  /** {@code http://127.0.0.1:PORT}: the same address whatever the fault. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Connections accepted so far (a refused connection is never accepted). */
  public long acceptedConnections() {
    return accepted.get();
  }

  public Fault fault() {
    return fault;
  }

  /** Switches the fault; every open connection is closed so the next request sees it. */
  public synchronized void fault(Fault next) {
    if (closed) {
      return;
    }
    Fault previous = fault;
    fault = next;
    closeAll();
    try {
      if (next == Fault.REFUSE && previous != Fault.REFUSE) {
        ServerSocket l = listener;
        listener = null;
        if (l != null) {
          l.close();
        }
      } else if (next != Fault.REFUSE && listener == null) {
        ServerSocket l = bind(port);
        listener = l;
        acceptLoop(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not switch to " + next + " on port " + port, e);
    }
  }

  /**
   * Alternates between up ({@link Fault#NONE}) and refusing, starting with refusing, until {@link
   * #stopFlapping()} (which leaves it up).
   */
  public void flap(Duration up, Duration down) {
    stopFlapping();
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  fault(Fault.REFUSE);
                  Thread.sleep(down.toMillis());
                  fault(Fault.NONE);
                  Thread.sleep(up.toMillis());
                }
              } catch (InterruptedException stop) {
                // stopFlapping
              }
            },
            "faulty-collector-flapper");
    t.setDaemon(true);
    flapper = t;
    t.start();
  }

  /** Stops flapping and leaves the collector up. Not under the lock: the flapper takes it. */
  public void stopFlapping() {
    Thread t = flapper;
    flapper = null;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (t != null) {
      fault(Fault.NONE);
    }
  }

  private void acceptLoop(ServerSocket l) {
    threads.execute(
        () -> {
          while (!l.isClosed()) {
            Socket socket;
            try {
              socket = l.accept();
            } catch (IOException closedOrFailed) {
              return;
            }
            accepted.incrementAndGet();
            open.add(socket);
            Fault now = fault;
            try {
              threads.execute(() -> serve(socket, now));
            } catch (RuntimeException rejected) {
              closeQuietly(socket);
            }
          }
        });
  }

  private void serve(Socket client, Fault mode) {
    try {
      switch (mode) {
        case NONE -> proxy(client);
        case HANG -> {
          // Read (and discard) whatever comes, answer nothing, until the connection is closed.
          InputStream in = client.getInputStream();
          byte[] sink = new byte[8192];
          while (in.read(sink) >= 0) {
            // keep reading so the client's writes never block
          }
        }
        case GARBAGE -> {
          readRequest(client.getInputStream());
          OutputStream out = client.getOutputStream();
          out.write(GARBAGE_BYTES);
          out.flush();
        }
        case CLOSE_MID_RESPONSE -> {
          readRequest(client.getInputStream());
          OutputStream out = client.getOutputStream();
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"partial\"")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        case TRICKLE_BODY -> {
          readRequest(client.getInputStream());
          OutputStream out = client.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          drip(out, "{".getBytes(StandardCharsets.US_ASCII), 1000);
        }
        case ENDLESS_CHUNKED -> {
          readRequest(client.getInputStream());
          OutputStream out = client.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          drip(out, "1\r\n \r\n".getBytes(StandardCharsets.US_ASCII), 100);
        }
        case REFUSE -> {
          // accepted just before the listener closed: behave like a reset
        }
      }
    } catch (IOException connectionGone) {
      // the SDK gave up, or the fault switched: nothing to do
    } finally {
      if (mode != Fault.NONE) {
        open.remove(client);
        closeQuietly(client);
      }
    }
  }

  /** Writes {@code piece} every {@code everyMillis} until the client goes away or the fault changes. */
  private static void drip(OutputStream out, byte[] piece, long everyMillis) throws IOException {
    try {
      while (true) {
        Thread.sleep(everyMillis); // the fault itself is the slowness: a sleep is what it is made of
        out.write(piece);
        out.flush();
      }
    } catch (InterruptedException closing) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pumps bytes both ways until either side closes; then closes both. */
  private void proxy(Socket client) throws IOException {
    URI target = upstream;
    Socket server = new Socket();
    open.add(server);
    try {
      server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort()), 2000);
    } catch (IOException e) {
      open.remove(server);
      open.remove(client);
      closeQuietly(server);
      closeQuietly(client);
      throw e;
    }
    Runnable closeBoth =
        () -> {
          open.remove(client);
          open.remove(server);
          closeQuietly(client);
          closeQuietly(server);
        };
    threads.execute(() -> pump(server, client, closeBoth));
    pump(client, server, closeBoth);
  }

  private static void pump(Socket from, Socket to, Runnable closeBoth) {
    byte[] buffer = new byte[16384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException gone) {
      // one side closed
    } finally {
      closeBoth.run();
    }
  }

  /** Reads one request head and its Content-Length body (the SDK always sends a length). */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new SocketException("closed before the end of the request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 65536) {
        throw new SocketException("request head too long");
      }
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        length = Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    long skipped = 0;
    byte[] sink = new byte[8192];
    while (skipped < length) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, length - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
  }

  private void closeAll() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    Thread t = flapper;
    flapper = null;
    if (t != null) {
      t.interrupt();
    }
    synchronized (this) {
      closed = true;
      ServerSocket l = listener;
      listener = null;
      if (l != null) {
        try {
          l.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      closeAll();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
