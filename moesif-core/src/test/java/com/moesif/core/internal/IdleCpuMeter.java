package com.moesif.core.internal;

/** A supported meter whose readings never move, with the given sampler of request-thread sections. */
record IdleCpuMeter(RequestThreadCost requestCost) implements LoadShedding.CpuMeter {
  @Override
  public boolean supported() {
    return true;
  }

  @Override
  public Reading read() {
    return new Reading(0, 0, 0, 0);
  }

  @Override
  public int processors() {
    return 1;
  }

  @Override
  public double systemLoad() {
    return -1;
  }
}
