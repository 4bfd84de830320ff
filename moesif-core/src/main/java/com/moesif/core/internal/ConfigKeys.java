package com.moesif.core.internal;

import com.moesif.core.MoesifConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The one place the seed's {@code UPPER_CASE} keys, {@code MOESIF_*} environment variables and
 * {@code moesif.*} system properties are mapped onto {@link MoesifConfig.Builder} setters, and
 * where validation messages are worded.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /** Applies a settings map; see {@link MoesifConfig#fromMap(Map)}. */
  public static void apply(MoesifConfig.Builder builder, Map<String, ?> settings) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Applies {@code MOESIF_<KEY>} variables from {@code env}, then {@code moesif.<key>} properties. */
  public static void applyEnvironment(
      MoesifConfig.Builder builder, Map<String, String> env, Properties properties) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Throws unless {@code value} is an IP literal or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}). */
  public static void checkCidr(String value) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The error for a bad value: names the key, the value and the expected form. */
  public static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(
        "MoesifConfig: invalid " + key + " = " + value + ": expected " + expected);
  }

  public static int positive(String key, int value) {
    if (value < 1) {
      throw invalid(key, String.valueOf(value), "a positive integer");
    }
    return value;
  }

  public static Duration positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(key, String.valueOf(value), "a positive duration (seconds in map form, e.g. 2 or \"0.5\")");
    }
    return value;
  }

  public static int bodyLimit(String key, int bytes) {
    if (bytes < 0 || bytes > 16 * 1024 * 1024) {
      throw invalid(key, String.valueOf(bytes), "a byte count from 0 to 16777216 (0 captures no body)");
    }
    return bytes;
  }
}
