package com.moesif.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SeenHeaderNames must decide exactly as the set of lower-cased names it replaced. */
class SeenHeaderNamesTest {

  @Test
  void repeatsDifferingInCaseAreSeen() {
    SeenHeaderNames seen = new SeenHeaderNames(2);
    assertThat(seen.add("Content-Type")).isTrue();
    assertThat(seen.add("X-A")).isTrue();
    assertThat(seen.add("content-TYPE")).isFalse();
    assertThat(seen.add("x-a")).isFalse();
    assertThat(seen.add("Content-Length")).isTrue(); // grows past the expected count
    assertThat(seen.contains("content-type")).isTrue();
    assertThat(seen.contains("content-length")).isTrue();
    assertThat(seen.contains("date")).isFalse();
  }

  /** Where equalsIgnoreCase and toLowerCase(ROOT) disagree: the latter, as before, decides. */
  @Test
  void nonAsciiNamesDecideAsLowerCasing() {
    List<String> names = List.of("i", "\u0130", "i\u0307", "k", "\u212a", "K", "\u00df", "SS", "ss", "I");
    assertSameAsLowerCasedSet(names);
  }

  @Test
  void manyNamesDecideAsLowerCasing() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3 * SeenHeaderNames.MAX_SCANNED; i++) {
      names.add("X-Header-" + i);
      names.add("x-header-" + (i / 2));
    }
    names.add("Content-Type");
    assertSameAsLowerCasedSet(names);
  }

  @Test
  void randomNamesDecideAsLowerCasing() {
    Random random = new Random(42);
    String alphabet = "aAbB-\u0130i\u0307\u212ak\u00df";
    for (int run = 0; run < 2_000; run++) {
      List<String> names = new ArrayList<>();
      int count = random.nextInt(2 * SeenHeaderNames.MAX_SCANNED + 2);
      for (int i = 0; i < count; i++) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int j = 0; j < length; j++) {
          // Mostly ASCII, as real traffic is.
          int bound = random.nextInt(10) == 0 ? alphabet.length() : 5;
          name.append(alphabet.charAt(random.nextInt(bound)));
        }
        names.add(name.toString());
      }
      assertSameAsLowerCasedSet(names);
    }
  }

  private static void assertSameAsLowerCasedSet(List<String> names) {
    SeenHeaderNames seen = new SeenHeaderNames(names.size() / 2);
    Set<String> reference = new HashSet<>();
    for (String name : names) {
      assertThat(seen.add(name)).as("add(%s) after %s", name, reference).isEqualTo(reference.add(name.toLowerCase(Locale.ROOT)));
    }
    for (String probe : List.of("content-type", "content-length", "k", "i", "ss", "x-header-3")) {
      assertThat(seen.contains(probe)).as("contains(%s) in %s", probe, reference).isEqualTo(reference.contains(probe));
    }
  }
}
