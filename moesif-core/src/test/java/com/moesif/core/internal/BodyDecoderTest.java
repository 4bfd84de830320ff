package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.EventBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {

  private static PendingEvent.RawBody raw(byte[] bytes, int limit, String type, String encoding) {
    int kept = Math.min(bytes.length, limit);
    return new PendingEvent.RawBody(bytes, kept, bytes.length, limit, type, encoding);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data, boolean zlibWrapped) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6, !zlibWrapped))) {
      d.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void noBodyGivesNull() {
    assertThat(BodyDecoder.decode(null)).isNull();
    assertThat(BodyDecoder.decode(new PendingEvent.RawBody(new byte[0], 0, 0, 10, null, null))).isNull();
  }

  @Test
  void gzipJsonIsDecodedToJson() throws IOException {
    byte[] json = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    EventBody body = BodyDecoder.decode(raw(gzip(json), 1024, "application/json", "gzip"));
    assertThat(body.transferEncoding()).isEqualTo("json");
    assertThat(tree(body).get("ok").asBoolean()).isTrue();
  }

  @Test
  void deflateInBothWrappingsIsDecoded() throws IOException {
    byte[] json = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
    assertThat(tree(BodyDecoder.decode(raw(deflate(json, true), 1024, null, "deflate"))).size()).isEqualTo(3);
    assertThat(tree(BodyDecoder.decode(raw(deflate(json, false), 1024, null, "deflate"))).size()).isEqualTo(3);
  }

  @Test
  void gzipBombBecomesTheLimitNote() throws IOException {
    byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(64 * 1024);
    EventBody body = BodyDecoder.decode(raw(bomb, 64 * 1024, "application/json", "gzip"));
    assertThat(tree(body).get("msg").asText())
        .isEqualTo("body of more than 65536 bytes (decompressed) exceeds the capture limit of 65536 bytes");
  }

  @Test
  void overLimitBodyBecomesTheNoteWithItsSize() throws IOException {
    EventBody body = BodyDecoder.decode(raw(new byte[5000], 100, "text/plain", null));
    assertThat(body.transferEncoding()).isEqualTo("json");
    assertThat(tree(body).get("msg").asText()).isEqualTo("body of 5000 bytes exceeds the capture limit of 100 bytes");
  }

  @Test
  void corruptGzipIsReportedAsItsRawBytes() {
    byte[] notGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
    EventBody body = BodyDecoder.decode(raw(notGzip, 100, null, "gzip"));
    assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(notGzip);
  }

  @Test
  void binaryIsBase64OfExactBytes() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    EventBody body = BodyDecoder.decode(raw(bytes, 1024, "application/octet-stream", null));
    assertThat(Base64.getDecoder().decode(body.base64Text())).isEqualTo(bytes);
  }

  @Test
  void anOmittedBodyBecomesANoteWithItsSize() throws IOException {
    EventBody body = BodyDecoder.decode(raw("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 100, "application/json", null).withoutBytes());
    assertThat(tree(body).get("msg").asText())
        .isEqualTo("body of 7 bytes omitted: the SDK was over a memory budget (the event queue over 1/32 of MAX_QUEUE_BYTES, or body captures in flight over MAX_CAPTURE_BYTES)");
  }

  private static JsonNode tree(EventBody body) throws IOException {
    return Json.MAPPER.readTree(body.jsonText());
  }
}
