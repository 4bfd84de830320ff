package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {

  private static EventModel event(String id, EventBody body) {
    return EventModel.builder()
        .request(
            EventRequestModel.builder()
                .time(Instant.parse("2026-01-02T03:04:05Z"))
                .uri("https://api.example.com/items/" + id)
                .verb("POST")
                .headers(Map.of("Content-Type", "application/json"))
                .body(body)
                .build())
        .response(EventResponseModel.builder().time(Instant.parse("2026-01-02T03:04:06Z")).status(201).build())
        .transactionId(id)
        .build();
  }

  private static String gunzip(byte[] gzip) throws Exception {
    // GZIPInputStream checks the trailer: CRC-32 and the input size.
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode array(byte[] gzip) throws Exception {
    JsonNode node = Json.MAPPER.readTree(gunzip(gzip));
    assertThat(node.isArray()).isTrue();
    return node;
  }

  @Test
  void emptyBatchIsAnEmptyArray() throws Exception {
    try (BatchEncoder encoder = new BatchEncoder()) {
      assertThat(gunzip(encoder.gzip())).isEqualTo("[]");
      assertThat(encoder.jsonBytes()).isEqualTo(2);
    }
  }

  @Test
  void batchIsTheArrayOfItsEventsAndRangesAreArraysOfTheirOwn() throws Exception {
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int i = 0; i < 5; i++) {
        assertThat(encoder.append(event("t" + i, EventBody.json("{\"n\":" + i + "}")), null)).isTrue();
      }
      JsonNode all = array(encoder.gzip());
      assertThat(all).hasSize(5);
      assertThat(all.get(3).path("transaction_id").asText()).isEqualTo("t3");
      assertThat(all.get(3).path("request").path("body").path("n").asInt()).isEqualTo(3);
      assertThat(encoder.jsonBytes()).isEqualTo(gunzip(encoder.gzip()).length());

      JsonNode middle = array(encoder.gzip(1, 4));
      assertThat(middle).hasSize(3);
      assertThat(middle.get(0).path("transaction_id").asText()).isEqualTo("t1");
      assertThat(middle.get(2).path("transaction_id").asText()).isEqualTo("t3");
      assertThat(encoder.jsonBytes(1, 4)).isEqualTo(gunzip(encoder.gzip(1, 4)).length());
      assertThat(array(encoder.gzip(4, 5)).get(0).path("transaction_id").asText()).isEqualTo("t4");
    }
  }

  @Test
  void aGzipBuiltWhileTheBatchFillsIsTheSameArrayAsOneBuiltAtTheEnd() throws Exception {
    try (BatchEncoder streamed = new BatchEncoder(); BatchEncoder whole = new BatchEncoder()) {
      for (int batch = 0; batch < 3; batch++) {
        streamed.clear();
        whole.clear();
        streamed.compressAppended(); // nothing appended yet: a no-op
        for (int i = 0; i < 40; i++) {
          EventModel e = event("b" + batch + "-" + i, EventBody.json("{\"n\":" + i + ",\"pad\":\"" + "p".repeat(i * 37) + "\"}"));
          assertThat(streamed.append(e, null)).isTrue();
          assertThat(whole.append(e, null)).isTrue();
          if (i % 7 == 3) {
            streamed.compressAppended();
            streamed.compressAppended(); // nothing new since: a no-op
          }
        }
        byte[] fromStream = streamed.gzip();
        assertThat(gunzip(fromStream)).isEqualTo(gunzip(whole.gzip()));
        assertThat(gunzip(fromStream).length()).isEqualTo(streamed.jsonBytes());
        // After the stream is finished, ranges and the whole batch are still built correctly.
        assertThat(array(streamed.gzip(5, 9))).hasSize(4);
        assertThat(gunzip(streamed.gzip())).isEqualTo(gunzip(whole.gzip()));
      }
      // A range asked for mid-fill (a 413 split never does this, but nothing should break): the
      // stream restarts from the first event.
      streamed.clear();
      for (int i = 0; i < 4; i++) {
        streamed.append(event("m" + i, null), null);
        streamed.compressAppended();
      }
      assertThat(array(streamed.gzip(1, 3))).hasSize(2);
      streamed.append(event("m4", null), null);
      streamed.compressAppended();
      JsonNode all = array(streamed.gzip());
      assertThat(all).hasSize(5);
      assertThat(all.get(4).path("transaction_id").asText()).isEqualTo("m4");
    }
  }

  @Test
  void aBatchBufferGrowsToAboutTheBatchLimitNotTwiceIt() throws Exception {
    int maxBatchBytes = 5 * 1024 * 1024;
    try (BatchEncoder encoder = new BatchEncoder(maxBatchBytes)) {
      EventBody body = EventBody.json("{\"pad\":\"" + "p".repeat(100_000) + "\"}");
      int i = 0;
      while (encoder.jsonBytes() < maxBatchBytes) { // as the shipper fills a batch
        assertThat(encoder.append(event("g" + i++, body), null)).isTrue();
      }
      // Doubling alone would have gone from 4 MiB to 8 MiB for these ~5.1 MB.
      assertThat(encoder.grownBytes()).isLessThanOrEqualTo((long) maxBatchBytes + BatchEncoder.MAX_EVENT_BYTES + 4096);
      assertThat(array(encoder.gzip())).hasSize(i);
    }
  }

  @Test
  void reusedAcrossBatches() throws Exception {
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int batch = 0; batch < 50; batch++) {
        encoder.clear();
        for (int i = 0; i < 100; i++) {
          encoder.append(event(batch + "-" + i, EventBody.base64(new byte[] {(byte) i, 1, 2})), null);
        }
        JsonNode all = array(encoder.gzip());
        assertThat(all).hasSize(100);
        assertThat(all.get(99).path("transaction_id").asText()).isEqualTo(batch + "-99");
      }
    }
  }

  @Test
  void largeIncompressibleBatchGrowsTheOutputBuffer() throws Exception {
    java.util.Random random = new java.util.Random(1);
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int i = 0; i < 20; i++) {
        byte[] noise = new byte[64 * 1024];
        random.nextBytes(noise);
        encoder.append(event("n" + i, EventBody.base64(noise)), null);
      }
      byte[] gzip = encoder.gzip();
      assertThat(gzip.length).isGreaterThan(20 * 64 * 1024);
      assertThat(array(gzip)).hasSize(20);
    }
  }

  @Test
  void eventOverTheLimitLosesItsBodiesNotItsPlace() throws Exception {
    String huge = "{\"x\":\"" + "a".repeat(BatchEncoder.MAX_EVENT_BYTES) + "\"}";
    try (BatchEncoder encoder = new BatchEncoder()) {
      encoder.append(event("before", EventBody.json("{}")), null);
      assertThat(encoder.append(event("huge", EventBody.json(huge)), null)).isTrue();
      encoder.append(event("after", EventBody.json("{}")), null);
      JsonNode all = array(encoder.gzip());
      assertThat(all).hasSize(3);
      assertThat(all.get(1).path("request").path("body").path("msg").asText()).contains("exceeds the collector's 1 MB limit");
      assertThat(all.get(2).path("transaction_id").asText()).isEqualTo("after");
    }
  }

  @Test
  void eventThatCannotFitIsLeftOutWithoutDamagingTheBatch() throws Exception {
    String longUri = "https://h/" + "u".repeat(BatchEncoder.MAX_EVENT_BYTES);
    EventModel tooLong =
        EventModel.builder()
            .request(EventRequestModel.builder().time(Instant.EPOCH).uri(longUri).verb("GET").build())
            .response(EventResponseModel.builder().time(Instant.EPOCH).status(200).build())
            .build();
    try (BatchEncoder encoder = new BatchEncoder()) {
      encoder.append(event("first", EventBody.json("{}")), null);
      assertThat(encoder.append(tooLong, null)).isFalse();
      encoder.append(event("last", EventBody.json("{}")), null);
      JsonNode all = array(encoder.gzip());
      assertThat(all).hasSize(2);
      assertThat(all.get(1).path("transaction_id").asText()).isEqualTo("last");
      assertThat(encoder.size()).isEqualTo(2);
    }
  }
}
