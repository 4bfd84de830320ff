package com.moesif.core.internal;

/** Index arithmetic over header values (optional whitespace is space or tab, RFC 9110 §5.6.3). */
final class HeaderText {
  private HeaderText() {}

  /** The first index in {@code [from, to)} that is not optional whitespace. */
  static int skipSpace(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    return from;
  }

  /** The end of {@code [from, to)} with trailing optional whitespace removed. */
  static int trimEnd(String s, int from, int to) {
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return to;
  }
}
