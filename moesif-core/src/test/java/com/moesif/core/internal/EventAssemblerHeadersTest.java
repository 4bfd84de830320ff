package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.moesif.core.MoesifConfig;
import com.moesif.core.model.EventBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event's header maps, as the assembler builds them from the pairs the adapters read, event after event. */
class EventAssemblerHeadersTest {
  private final EventAssembler assembler = new EventAssembler(
      MoesifConfig.builder().applicationId("app-id-1234567890").build(), new Counters(), new OnceLogger());

  @Test
  void namesThatShareAHashAreEachLowerCasedAndMaskedByTheirOwnRule() {
    // "Aa" and "BB" have the same String hash; "Authorization" is masked by default.
    for (int round = 0; round < 3; round++) {
      assertThat(assembler.headers(new String[] {"Aa", "1", "BB", "2", "Authorization", "Bearer t"}, false))
          .containsExactly(Map.entry("aa", "1"), Map.entry("bb", "2"), Map.entry("authorization", EventBody.MASK));
      assertThat(assembler.headers(new String[] {"BB", "3", "Aa", "4", "AUTHORIZATION", "Bearer u"}, true))
          .containsExactly(Map.entry("bb", "3"), Map.entry("aa", "4"), Map.entry("authorization", EventBody.MASK));
    }
  }

  @Test
  void hopByHopHeadersLeaveResponsesOnlyWhateverNamesCameBefore() {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 600; i++) { // more names than the assembler remembers: each is worked out again
      pairs.add("X-Custom-" + i);
      pairs.add(String.valueOf(i));
    }
    assembler.headers(pairs.toArray(String[]::new), false);
    String[] call = {"Connection", "close", "Keep-Alive", "5", "Transfer-Encoding", "chunked", "Content-Type", "text/plain",
        "Cookie", "a=1", "cookie", "b=2"};

    Map<String, String> expectedRequest = new LinkedHashMap<>();
    expectedRequest.put("connection", "close");
    expectedRequest.put("keep-alive", "5");
    expectedRequest.put("transfer-encoding", "chunked");
    expectedRequest.put("content-type", "text/plain");
    expectedRequest.put("cookie", EventBody.MASK);
    for (int round = 0; round < 2; round++) {
      assertThat(assembler.headers(call, false)).containsExactlyEntriesOf(expectedRequest);
      assertThat(assembler.headers(call, true))
          .containsExactly(Map.entry("content-type", "text/plain"), Map.entry("cookie", EventBody.MASK));
    }
  }

  private static PendingEvent withRequestHeaders(String transactionId, String... pairs) {
    return new PendingEvent(com.moesif.core.Direction.INCOMING, 1L, 2L, "http://h/a", "GET", pairs, "127.0.0.1", null,
        null, 200, new String[0], null, null, null, null, null, 1, null, transactionId);
  }

  @Test
  void theRequestCarriesTheOneTransactionIdWhateverTheClientsSpelling() {
    for (int round = 0; round < 2; round++) {
      assertThat(assembler.assemble(withRequestHeaders("id-1", "X-MOESIF-TRANSACTION-ID", "id-1", "Host", "h")).request().headers())
          .containsExactly(Map.entry("x-moesif-transaction-id", "id-1"), Map.entry("host", "h"));
      assertThat(assembler.assemble(withRequestHeaders("sdk-id", "Host", "h", "x-moesif-transaction-id", " ",
          "X-Moesif-Transaction-Id", "other")).request().headers())
          .containsExactly(Map.entry("host", "h"), Map.entry("x-moesif-transaction-id", "sdk-id"));
      assertThat(assembler.assemble(withRequestHeaders("sdk-id", "Host", "h")).request().headers())
          .containsExactly(Map.entry("host", "h"), Map.entry("x-moesif-transaction-id", "sdk-id"));
    }
  }
}
