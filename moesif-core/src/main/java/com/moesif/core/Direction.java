package com.moesif.core;

/** Which way a captured call went: served by this application, or made by it. */
public enum Direction {
  /** A call this application served. */
  INCOMING("Incoming"),
  /** A call this application made to another service. */
  OUTGOING("Outgoing");

  private final String wireName;

  Direction(String wireName) {
    this.wireName = wireName;
  }

  /** {@return the value of the event's {@code direction} field} */
  public String wireName() {
    return wireName;
  }
}
