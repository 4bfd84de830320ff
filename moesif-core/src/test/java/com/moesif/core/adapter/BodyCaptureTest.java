package com.moesif.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {

  @Test
  void byteBuffersAreCopiedUpToTheLimitWithoutMovingTheirPosition() {
    BodyCapture capture = BodyCapture.bounded(5);
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9});
    heap.position(1).limit(4);
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {4, 5, 6, 7}).flip();
    ByteBuffer readOnly = ByteBuffer.wrap(new byte[] {8, 8}).asReadOnlyBuffer();

    capture.write(heap);
    capture.write(direct);
    capture.write(readOnly);

    assertThat(Arrays.copyOf(capture.buffer(), capture.length())).containsExactly(1, 2, 3, 4, 5);
    assertThat(capture.totalBytes()).isEqualTo(9);
    assertThat(capture.overLimit()).isTrue();
    assertThat(heap.position()).isEqualTo(1);
    assertThat(heap.remaining()).isEqualTo(3);
    assertThat(direct.position()).isZero();
    assertThat(readOnly.remaining()).isEqualTo(2);
  }

  @Test
  void disabledCaptureIgnoresByteBuffers() {
    BodyCapture capture = BodyCapture.disabled();
    capture.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(capture.totalBytes()).isZero();
    assertThat(capture.length()).isZero();
  }
}
