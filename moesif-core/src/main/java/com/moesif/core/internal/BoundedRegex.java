package com.moesif.core.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Regex search with a work budget. Rule patterns come from the server and inputs from clients, so
 * a catastrophically backtracking pair could otherwise pin a request thread: the input is wrapped
 * in a CharSequence that counts character reads and aborts the match past the budget. The budget
 * is per request ({@link Budget}: every governance and sampling regex of one call draws on it), so
 * a thousand rules cost no more than one; each match may also take at most {@link #BUDGET} of it,
 * so one bad rule does not starve the others. A match that runs out of budget (or of stack, which
 * {@code java.util.regex} recurses on for some patterns) is undecided: the {@link Budget} says so,
 * and callers fail open (governance: the rule does not apply; sampling: the event is kept).
 */
public final class BoundedRegex {
  /** Character reads allowed per match: generous for real rules, microseconds of CPU at worst. */
  static final int BUDGET = 200_000;

  /** Character reads allowed for all the regexes of one request: about a millisecond of CPU. */
  static final int REQUEST_BUDGET = 1_000_000;
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

  /** Whether the pattern is found in {@code input}, with a budget of its own; false when it runs out. */
  public boolean find(String input) {
    return find(input, new Budget());
  }

  /**
   * Whether the pattern is found in {@code input}, drawing on {@code budget}; false when the match
   * could not be decided within it (then {@link Budget#exhausted()} is true).
   */
  public boolean find(String input, Budget budget) {
    if (budget.left <= 0) {
      budget.exhausted = true;
      return false;
    }
    String bounded = input.length() > MAX_INPUT ? input.substring(0, MAX_INPUT) : input;
    int allowed = Math.min(BUDGET, budget.left);
    int[] left = {allowed};
    try {
      return pattern.matcher(new BudgetedChars(bounded, left)).find();
    } catch (BudgetExceeded | StackOverflowError e) {
      budget.exhausted = true;
      return false;
    } finally {
      budget.left -= allowed - Math.max(0, left[0]);
    }
  }

  /**
   * The regex work one request may do: character reads shared by its governance and sampling
   * evaluation. Not thread-safe; a request's evaluations run one after the other.
   */
  public static final class Budget {
    private int left = REQUEST_BUDGET;
    private boolean exhausted;

    /** Character reads spent so far. */
    int used() {
      return REQUEST_BUDGET - left;
    }

    /** True once a match ran out of budget (or of stack): some rule could not be decided. */
    public boolean exhausted() {
      return exhausted;
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
