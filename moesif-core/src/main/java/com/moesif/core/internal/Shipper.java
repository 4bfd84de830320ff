package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import java.time.Duration;

/** Shipper threads: batch, serialise, gzip and upload. */
public final class Shipper {
  public Shipper(MoesifConfig config, EventQueue queue, Counters counters, OnceLogger onceLogger, String adapterName) {}

  public void start() {}

  public boolean flush(Duration timeout) {
    return false;
  }

  public void close(Duration timeout) {}
}
