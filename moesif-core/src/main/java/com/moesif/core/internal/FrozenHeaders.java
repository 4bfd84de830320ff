package com.moesif.core.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An event's header map as the shipper assembles it: names and values in two arrays, in arrival
 * order, unmodifiable, names distinct (lower case, as the assembler writes them; lookups ignore case). The event model keeps it without a defensive copy, and the
 * JSON writer walks the arrays, so an event's headers cost two arrays instead of two hash maps.
 * Lookups are linear: events carry tens of headers, and hooks rarely look.
 */
public final class FrozenHeaders extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;
  private final int size;

  /** Takes ownership of the arrays: the first {@code size} names must be distinct and non-null. */
  FrozenHeaders(String[] names, String[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  private int indexOf(@Nullable Object key) {
    if (key instanceof String) {
      for (int i = 0; i < size; i++) {
        if (names[i].equalsIgnoreCase((String) key)) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public @Nullable String get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
