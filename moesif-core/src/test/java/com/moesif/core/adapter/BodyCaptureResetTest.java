package com.moesif.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyCaptureResetTest {

  @Test
  void resetForgetsKeptAndCountedBytesAndCapturesAfresh() {
    BodyCapture capture = BodyCapture.bounded(8);
    byte[] discarded = "discarded body".getBytes(StandardCharsets.US_ASCII);
    capture.write(discarded, 0, discarded.length);
    assertThat(capture.overLimit()).isTrue();

    capture.reset();

    assertThat(capture.totalBytes()).isZero();
    assertThat(capture.length()).isZero();
    assertThat(capture.overLimit()).isFalse();
    byte[] kept = "kept".getBytes(StandardCharsets.US_ASCII);
    capture.write(kept, 0, kept.length);
    assertThat(Arrays.copyOf(capture.buffer(), capture.length())).isEqualTo(kept);
    assertThat(capture.totalBytes()).isEqualTo(4);
  }

  @Test
  void resetOfTheDisabledCaptureKeepsItEmpty() {
    BodyCapture capture = BodyCapture.disabled();
    capture.reset();
    capture.write(1);
    assertThat(capture.totalBytes()).isZero();
    assertThat(capture.isEnabled()).isFalse();
  }
}
