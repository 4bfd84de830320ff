package com.moesif.core.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Regex search with a work budget. Rule patterns come from the server and inputs from clients, so
 * a catastrophically backtracking pair could otherwise pin a request thread: the input is wrapped
 * in a CharSequence that counts character reads and aborts the match past the budget, which then
 * counts as "no match".
 */
public final class BoundedRegex {
  /** Character reads allowed per match: generous for real rules, microseconds of CPU at worst. */
  static final int BUDGET = 200_000;
  /** Inputs are truncated to this many chars before matching. */
  static final int MAX_INPUT = 8192;

  private final Pattern pattern;

  private BoundedRegex(Pattern pattern) {
    this.pattern = pattern;
  }

  /** The compiled pattern, or null if it does not compile. */
  public static @Nullable BoundedRegex compile(@Nullable String regex) {
    if (regex == null || regex.length() > 4096) {
      return null;
    }
    try {
      return new BoundedRegex(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  /** Whether the pattern is found in {@code input}; false when the budget runs out. */
  public boolean find(String input) {
    String bounded = input.length() > MAX_INPUT ? input.substring(0, MAX_INPUT) : input;
    try {
      return pattern.matcher(new BudgetedChars(bounded, new int[] {BUDGET})).find();
    } catch (BudgetExceeded e) {
      return false;
    }
  }

  public String pattern() {
    return pattern.pattern();
  }

  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super(null, null, false, false);
    }
  }

  private static final class BudgetedChars implements CharSequence {
    private final String s;
    private final int offset;
    private final int length;
    private final int[] budget;

    BudgetedChars(String s, int[] budget) {
      this(s, 0, s.length(), budget);
    }

    private BudgetedChars(String s, int offset, int length, int[] budget) {
      this.s = s;
      this.offset = offset;
      this.length = length;
      this.budget = budget;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new BudgetExceeded();
      }
      return s.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedChars(s, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
      return s.substring(offset, offset + length);
    }
  }
}
