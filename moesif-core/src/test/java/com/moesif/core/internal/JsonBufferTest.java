package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBufferTest {

  private static String ours(String value) {
    JsonBuffer out = new JsonBuffer();
    out.string(value);
    return new String(out.buf, 0, out.size(), StandardCharsets.UTF_8);
  }

  private static byte[] oursBytes(String value) {
    JsonBuffer out = new JsonBuffer();
    out.string(value);
    return java.util.Arrays.copyOf(out.buf, out.size());
  }

  private static byte[] jackson(String value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator gen = Json.FACTORY.createGenerator(bytes)) {
      gen.writeString(value);
    }
    return bytes.toByteArray();
  }

  @Test
  void escapesLikeJackson() throws Exception {
    String[] samples = {
      "", "plain", "quote \" and backslash \\", "tab\tnew\nline\rfeed\fback\b", "\u0000\u0001\u001f\u007f",
      "/slash/", "caf\u00e9", "\u20ac euro", "\u0800\uffff", "x".repeat(5000) + "\u00e9"
    };
    for (String sample : samples) {
      assertThat(oursBytes(sample)).as(sample).isEqualTo(jackson(sample));
    }
  }

  /** Jackson escapes a pair as two {@code \\u} escapes; the 4-byte UTF-8 form is as valid and shorter. */
  @Test
  void supplementaryCharactersAreFourByteUtf8() throws Exception {
    String emoji = "emoji \ud83d\ude00 pair";
    assertThat(oursBytes(emoji)).isEqualTo(("\"" + emoji + "\"").getBytes(StandardCharsets.UTF_8));
    assertThat(Json.MAPPER.readValue(oursBytes(emoji), String.class)).isEqualTo(emoji);
  }

  @Test
  void randomStringsRoundTripAndMatchJacksonBytesWithinTheBmp() throws Exception {
    Random random = new Random(42);
    for (int n = 0; n < 2000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(40);
      for (int i = 0; i < len; i++) {
        switch (random.nextInt(5)) {
          case 0 -> sb.append((char) random.nextInt(0x80));
          case 1 -> sb.append((char) (0x80 + random.nextInt(0x780)));
          case 2 -> sb.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
          case 3 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
          default -> sb.append("ab\"\\");
        }
      }
      String sample = sb.toString();
      assertThat(Json.MAPPER.readValue(oursBytes(sample), String.class)).as(sample).isEqualTo(sample);
      if (sample.codePoints().allMatch(Character::isBmpCodePoint)) {
        assertThat(oursBytes(sample)).as(sample).isEqualTo(jackson(sample));
      }
    }
  }

  @Test
  void loneSurrogatesBecomeReplacementCharacters() {
    assertThat(ours("a\ud800b")).isEqualTo("\"a\ufffdb\"");
    assertThat(ours("end\udc00")).isEqualTo("\"end\ufffd\"");
    assertThat(ours("\ude00\ud83d")).isEqualTo("\"\ufffd\ufffd\"");
  }

  @Test
  void numbers() {
    long[] values = {0, 7, 10, 200, 599, -1, -42, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    for (long value : values) {
      JsonBuffer out = new JsonBuffer();
      out.number(value);
      assertThat(new String(out.buf, 0, out.size(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void keepsAHugeBufferWhileBatchesFillItAndLetsGoAfterASmallOne() {
    JsonBuffer out = new JsonBuffer();
    String big = "y".repeat(3 << 20);
    out.string(big);
    assertThat(out.size()).isEqualTo(big.length() + 2);
    byte[] grown = out.buf;
    out.clear(); // the batch filled the buffer: kept for the next one
    assertThat(out.size()).isZero();
    assertThat(out.buf).isSameAs(grown);
    out.string(big);
    assertThat(out.buf).as("no regrowth").isSameAs(grown);
    out.clear();
    out.string("small");
    out.clear(); // a small batch: the huge buffer goes
    assertThat(out.buf.length).isLessThan(1 << 20);
    out.string("after");
    assertThat(new String(out.buf, 0, out.size(), StandardCharsets.US_ASCII)).isEqualTo("\"after\"");
  }
}
