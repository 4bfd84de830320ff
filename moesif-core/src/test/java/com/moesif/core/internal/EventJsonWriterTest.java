package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.Direction;
import com.moesif.core.model.EventBody;
import com.moesif.core.model.EventModel;
import com.moesif.core.model.EventRequestModel;
import com.moesif.core.model.EventResponseModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonWriterTest {

  private static String write(EventModel event) throws Exception {
    JsonBuffer out = new JsonBuffer();
    EventJsonWriter.write(out, event, event.metadata() == null ? null : Json.MAPPER.valueToTree(event.metadata()));
    return new String(out.buf, 0, out.size(), StandardCharsets.UTF_8);
  }

  private static EventModel.Builder minimal() {
    return EventModel.builder()
        .request(
            EventRequestModel.builder()
                .time(Instant.parse("2026-01-02T03:04:05Z"))
                .uri("https://api.example.com/v1/items?page=2")
                .verb("GET")
                .build())
        .response(EventResponseModel.builder().time(Instant.parse("2026-01-02T03:04:05.7Z")).status(200).build());
  }

  @Test
  void minimalEventOmitsAbsentFieldsAndPadsMillis() throws Exception {
    assertThat(write(minimal().build()))
        .isEqualTo(
            "{\"request\":{\"time\":\"2026-01-02T03:04:05.000Z\",\"uri\":\"https://api.example.com/v1/items?page=2\","
                + "\"verb\":\"GET\",\"headers\":{}},"
                + "\"response\":{\"time\":\"2026-01-02T03:04:05.700Z\",\"status\":200,\"headers\":{}},"
                + "\"direction\":\"Incoming\",\"weight\":1}");
  }

  @Test
  void fullEventUsesSnakeCaseKeysInTheSpecOrder() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "a, b");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("dc", "westus");
    metadata.put("n", 3);
    EventModel event =
        minimal()
            .request(
                EventRequestModel.builder()
                    .time(Instant.parse("2026-01-02T03:04:05.678Z"))
                    .uri("http://h/x")
                    .verb("POST")
                    .headers(headers)
                    .apiVersion("1.0")
                    .ipAddress("203.0.113.7")
                    .body(EventBody.json("{\"name\":\"widget\"}"))
                    .build())
            .response(
                EventResponseModel.builder()
                    .time(Instant.parse("2026-01-02T03:04:05.702Z"))
                    .status(201)
                    .body(EventBody.base64(new byte[] {1, 2, 3}))
                    .build())
            .userId("u-123")
            .companyId("c-9")
            .sessionToken("tok")
            .metadata(metadata)
            .direction(Direction.OUTGOING)
            .weight(2)
            .blockedBy("rule-id")
            .transactionId("6b0c")
            .build();
    assertThat(write(event))
        .isEqualTo(
            "{\"request\":{\"time\":\"2026-01-02T03:04:05.678Z\",\"uri\":\"http://h/x\",\"verb\":\"POST\","
                + "\"headers\":{\"Content-Type\":\"application/json\",\"Accept\":\"a, b\"},\"api_version\":\"1.0\","
                + "\"ip_address\":\"203.0.113.7\",\"body\":{\"name\":\"widget\"},\"transfer_encoding\":\"json\"},"
                + "\"response\":{\"time\":\"2026-01-02T03:04:05.702Z\",\"status\":201,\"headers\":{},"
                + "\"body\":\"AQID\",\"transfer_encoding\":\"base64\"},"
                + "\"user_id\":\"u-123\",\"company_id\":\"c-9\",\"session_token\":\"tok\","
                + "\"metadata\":{\"dc\":\"westus\",\"n\":3},\"direction\":\"Outgoing\",\"weight\":2,"
                + "\"blocked_by\":\"rule-id\",\"transaction_id\":\"6b0c\"}");
  }
}
