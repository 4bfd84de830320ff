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

  @Test
  void expectedLengthSizesTheBufferOnceWithinTheLimit() {
    BodyCapture capture = BodyCapture.bounded(100);
    capture.expect(40);
    assertThat(capture.buffer()).hasSize(40);
    byte[] chunk = new byte[10];
    Arrays.fill(chunk, (byte) 7);
    for (int i = 0; i < 4; i++) {
      capture.write(chunk, 0, 10);
    }
    assertThat(capture.buffer()).hasSize(40); // filled without growing
    assertThat(capture.length()).isEqualTo(40);

    BodyCapture capped = BodyCapture.bounded(16);
    capped.expect(1L << 40); // a hostile Content-Length costs at most the limit
    assertThat(capped.buffer()).hasSize(16);
  }

  @Test
  void wrongOrLateHintsChangeNothingButTheBufferSize() {
    BodyCapture shortHint = BodyCapture.bounded(100);
    shortHint.expect(4);
    shortHint.write(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);
    assertThat(Arrays.copyOf(shortHint.buffer(), shortHint.length())).containsExactly(1, 2, 3, 4, 5, 6);

    BodyCapture late = BodyCapture.bounded(100);
    late.write(new byte[] {1}, 0, 1);
    byte[] before = late.buffer();
    late.expect(50);
    assertThat(late.buffer()).isSameAs(before);

    BodyCapture disabled = BodyCapture.disabled();
    disabled.expect(50);
    assertThat(disabled.length()).isZero();
    BodyCapture unknown = BodyCapture.bounded(100);
    unknown.expect(-1);
    assertThat(unknown.buffer()).isEmpty();
  }

  @Test
  void capturesPastTheMemoryBudgetCountButDoNotCopy() {
    com.moesif.core.internal.CaptureBudget memory = new com.moesif.core.internal.CaptureBudget();
    memory.limit(4096);
    byte[] chunk = new byte[1000];
    Arrays.fill(chunk, (byte) 'x');

    BodyCapture first = BodyCapture.bounded(100_000, memory);
    for (int i = 0; i < 4; i++) {
      first.write(chunk, 0, chunk.length);
    }
    assertThat(first.omitted()).isFalse();
    assertThat(first.length()).isEqualTo(4000);
    assertThat(memory.held()).isEqualTo(4000); // grown to 1000, 2000, then 4000 bytes

    // The budget cannot hold another buffer: a new body is counted, not copied.
    BodyCapture second = BodyCapture.bounded(100_000, memory);
    second.write(chunk, 0, chunk.length);
    assertThat(second.omitted()).isTrue();
    assertThat(second.length()).isZero();
    assertThat(second.totalBytes()).isEqualTo(1000);

    memory.limit(4000);
    assertThat(BodyCapture.bounded(100_000, memory).omitted()).as("made while the budget is used up").isTrue();
    memory.limit(4096);
    // A buffer that cannot grow within the budget lets its bytes go and goes on counting.
    first.write(chunk, 0, chunk.length);
    assertThat(first.omitted()).isTrue();
    assertThat(first.length()).isZero();
    assertThat(first.totalBytes()).isEqualTo(5000);
    assertThat(memory.held()).isZero();

    BodyCapture third = BodyCapture.bounded(100_000, memory);
    third.write(chunk, 0, chunk.length);
    assertThat(memory.held()).isEqualTo(1000);
    third.release();
    third.release(); // idempotent
    assertThat(memory.held()).isZero();
    assertThat(third.length()).isEqualTo(1000); // the bytes stay for the event
  }
}
