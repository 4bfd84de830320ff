package com.moesif.servlet;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The header names a walk over {@code getHeaderNames()} has passed, so that a repeated name
 * (whose values were all taken the first time) is skipped. It gives the same verdicts as a set of
 * the names lower-cased with {@link Locale#ROOT}, which it replaces on the request path: a call
 * carries a handful of names, and for ASCII names (all that HTTP allows) an {@code
 * equalsIgnoreCase} scan over them decides exactly as that set would, without its hashing and a
 * lower-cased copy of every name. A non-ASCII name (where {@code equalsIgnoreCase} and {@code
 * toLowerCase} can disagree) or more names than a scan handles well (hostile requests carry
 * thousands) switch it to that set.
 */
final class SeenHeaderNames {
  /** Names scanned linearly at most; past that, hashing is cheaper and stays linear in total. */
  static final int MAX_SCANNED = 16;

  private String[] names;
  private int size;
  /** Null while every name so far is ASCII and they are few. */
  private @Nullable Set<String> lowerCased;

  /** @param expected how many names the walk will likely pass (sizes the scan's array) */
  SeenHeaderNames(int expected) {
    names = new String[Math.max(1, Math.min(expected, MAX_SCANNED))];
  }

  /** Records {@code name}; false when a name equal to it ignoring case was recorded before. */
  boolean add(String name) {
    Set<String> set = lowerCased;
    if (set == null) {
      if (isAscii(name)) {
        for (int i = 0; i < size; i++) {
          if (names[i].equalsIgnoreCase(name)) {
            return false;
          }
        }
        if (size < MAX_SCANNED) {
          if (size == names.length) {
            names = Arrays.copyOf(names, Math.min(MAX_SCANNED, size * 2));
          }
          names[size++] = name;
          return true;
        }
      }
      set = new HashSet<>();
      for (int i = 0; i < size; i++) {
        set.add(names[i].toLowerCase(Locale.ROOT));
      }
      lowerCased = set;
    }
    return set.add(name.toLowerCase(Locale.ROOT));
  }

  /** Whether a name that lower-cases to {@code lowerCaseAscii} (lower-case ASCII) was recorded. */
  boolean contains(String lowerCaseAscii) {
    Set<String> set = lowerCased;
    if (set != null) {
      return set.contains(lowerCaseAscii);
    }
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(lowerCaseAscii)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
