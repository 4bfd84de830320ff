package com.moesif.core.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An unmodifiable name → values map that keeps arrival order and looks names up case-insensitively. */
public final class HeaderMap extends AbstractMap<String, List<String>> {
  private final Map<String, List<String>> byName;

  private HeaderMap(Map<String, List<String>> byName) {
    this.byName = byName;
  }

  /** From flat name/value pairs; repeated names (in any case) collect under the first spelling. */
  public static HeaderMap of(String[] pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    Map<String, String> spelling = new java.util.HashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      String lower = pairs[i].toLowerCase(java.util.Locale.ROOT);
      String key = spelling.get(lower);
      if (key == null) {
        key = pairs[i];
        spelling.put(lower, key);
      }
      map.computeIfAbsent(key, k -> new ArrayList<>(1)).add(pairs[i + 1]);
    }
    map.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return new HeaderMap(Collections.unmodifiableMap(map));
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    return byName.entrySet();
  }

  @Override
  public List<String> get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    List<String> exact = byName.get(name);
    if (exact != null) {
      return exact;
    }
    for (Entry<String, List<String>> e : byName.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }
}
