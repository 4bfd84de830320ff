package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "frobnicate",
        "serve --port",
        "serve --port 70000",
        "serve --port abc",
        "serve --framework nope",
        "serve --no-moesif=yes",
        "serve --no-moesif --application-id x",
        "serve --port 1 --port 2",
        "serve extra",
        "serve --base-uri ftp://example.com",
        "collector --bogus",
        "demo --port 1"
      })
  void badArgumentsPrintUsageAndExitWith2(String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");

    int code = Main.run(args, print(out), print(err));

    assertThat(code).isEqualTo(Main.EXIT_USAGE);
    assertThat(out.size()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").contains("usage: java -jar moesif-examples.jar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"help", "--help", "-h"})
  void helpPrintsUsageToStdout(String arg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(Main.run(new String[] {arg}, print(out), print(new ByteArrayOutputStream()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage:").contains("demo", "serve", "collector");
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
