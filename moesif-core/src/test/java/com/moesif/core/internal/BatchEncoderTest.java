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
