package com.moesif.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonValidatorTest {

  private static boolean ours(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return JsonValidator.isSingleValue(b, 0, b.length);
  }

  /** The Jackson parse the validator replaced: the oracle. */
  private static boolean jackson(byte[] bytes) {
    try (JsonParser parser = Json.FACTORY.createParser(bytes)) {
      int depth = 0;
      JsonToken token = parser.nextToken();
      if (token == null) {
        return false;
      }
      do {
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME, VALUE_STRING -> parser.getTextLength();
          default -> {}
        }
      } while (depth > 0 && (token = parser.nextToken()) != null);
      return depth == 0 && parser.nextToken() == null;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean strictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{}", "[]", " {} ", "0", "-0", "1.5e+3", "-12.25E-2", "true", "false", "null", "\"\"", "\"a\\u00e9\\n\"",
    "{\"a\":[1,2,{\"b\":null}],\"c\":\"\u00e9\u20ac\ud83d\ude00\"}", "[[[[]]]]", "\t[\r\n1 , 2 ]\n", "\"\u007f\""
  })
  void accepts(String json) {
    assertThat(ours(json)).isTrue();
    assertThat(jackson(json.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "1.", ".5", "+1",
    "-", "1e", "1e+", "tru", "truex", "nul", "[1]x", "{} {}", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"",
    "\"open", "NaN", "[Infinity]", "// c\n1", "[1 2]", "{\"a\":1 \"b\":2}", "\"a\"\"b\""
  })
  void rejects(String json) {
    assertThat(ours(json)).isFalse();
    assertThat(jackson(json.getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"22c080", "22eda08022", "22f490808022", "22c322", "22e282", "22ff22", "22c0af22", "22e080af22", "22f880808080af22"})
  void rejectsMalformedUtf8InStrings(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(JsonValidator.isSingleValue(bytes, 0, bytes.length)).isFalse();
  }

  @Test
  void nestingIsBoundedLikeTheParser() {
    String ok = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);
    String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
    assertThat(ours(ok)).isTrue();
    assertThat(jackson(ok.getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(ours(deep)).isFalse();
    assertThat(jackson(deep.getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(ours("[".repeat(100_000))).isFalse();
  }

  @Test
  void objectsAndArraysMixedAtEveryDepthCloseWithTheirOwnBracket() {
    // The open containers are kept as bits up to depth 64 and in an array beyond: both halves,
    // and the boundary, must remember which bracket closes which container.
    for (int depth : new int[] {1, 63, 64, 65, 130, Json.MAX_NESTING_DEPTH}) {
      StringBuilder open = new StringBuilder();
      StringBuilder close = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        boolean object = Integer.bitCount(i * 7 + 3) % 2 == 0; // an irregular mix
        open.append(object ? "{\"k\":" : "[1,");
        close.insert(0, object ? "}" : "]");
      }
      String ok = open + "true" + close;
      assertThat(ours(ok)).as("depth %d", depth).isTrue();
      assertThat(jackson(ok.getBytes(StandardCharsets.UTF_8))).isTrue();
      // Swap the brackets of the innermost container, then of the outermost: both invalid.
      String inner = open + "true" + swap(close.charAt(0)) + close.substring(1);
      String outer = open + "true" + close.substring(0, close.length() - 1) + swap(close.charAt(close.length() - 1));
      assertThat(ours(inner)).as("depth %d, innermost", depth).isFalse();
      assertThat(ours(outer)).as("depth %d, outermost", depth).isFalse();
      // A comma after a value: in an object the next member needs a name, in an array it does not.
      String more = open + "true," + (close.charAt(0) == '}' ? "\"n\":2" : "2") + close;
      assertThat(ours(more)).as("depth %d, second element", depth).isTrue();
      assertThat(jackson(more.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
  }

  private static char swap(char bracket) {
    return bracket == '}' ? ']' : '}';
  }

  @Test
  void numberAndNameLimitsMatchTheParser() {
    String longNumber = "[" + "9".repeat(JsonValidator.MAX_NUMBER_LENGTH + 1) + "]";
    assertThat(ours(longNumber)).isFalse();
    assertThat(jackson(longNumber.getBytes(StandardCharsets.UTF_8))).isFalse();
    String longName = "{\"" + "n".repeat(JsonValidator.MAX_NAME_BYTES + 1) + "\":1}";
    assertThat(ours(longName)).isFalse();
    assertThat(jackson(longName.getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(ours("{\"" + "n".repeat(1000) + "\":" + "1".repeat(999) + "}")).isTrue();
  }

  @Test
  void respectsTheSliceBounds() {
    byte[] bytes = "xx[1,2]yy".getBytes(StandardCharsets.US_ASCII);
    assertThat(JsonValidator.isSingleValue(bytes, 2, 5)).isTrue();
    assertThat(JsonValidator.isSingleValue(bytes, 2, 4)).isFalse();
    assertThat(JsonValidator.isSingleValue(bytes, 1, 6)).isFalse();
  }

  /**
   * Differential fuzzing against the Jackson parse: never more lenient, and on well-formed UTF-8
   * exactly the same answer.
   */
  @Test
  void agreesWithJacksonOnMutatedDocuments() {
    String[] seeds = {
      "{\"a\":[1,-2.5e3,true,false,null,\"s\\n\\u00e9\"],\"b\":{\"c\":{}},\"d\":[]}",
      "[\"\u00e9\u20ac\ud83d\ude00\",0,1E5,{\"k\":\"v\"}]",
      "  {\"x\" : [ [ ] , { } ] }  ",
      "\"just a string\"",
      "-0.0e-0"
    };
    byte[] alphabet = "{}[],:\"\\ 0123456789-+.eEtrufalsn\t\nu\u0000".getBytes(StandardCharsets.UTF_8);
    Random random = new Random(7);
    int agreedValid = 0;
    for (int n = 0; n < 30_000; n++) {
      byte[] doc = seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits && doc.length > 0; e++) {
        int at = random.nextInt(doc.length);
        switch (random.nextInt(4)) {
          case 0 -> doc[at] = alphabet[random.nextInt(alphabet.length)];
          case 1 -> doc = splice(doc, at, 1, new byte[0]);
          case 2 -> doc = splice(doc, at, 0, new byte[] {alphabet[random.nextInt(alphabet.length)]});
          default -> doc[at] = (byte) random.nextInt(256);
        }
      }
      boolean ours = JsonValidator.isSingleValue(doc, 0, doc.length);
      boolean jackson = jackson(doc);
      String shown = HexFormat.of().formatHex(doc);
      if (ours) {
        assertThat(jackson).as("accepted by us only: %s", shown).isTrue();
        agreedValid++;
      }
      if (strictUtf8(doc)) {
        assertThat(ours).as("disagree on %s", shown).isEqualTo(jackson);
      }
    }
    assertThat(agreedValid).as("the fuzzer also produced valid documents").isGreaterThan(1000);
  }

  private static byte[] splice(byte[] doc, int at, int remove, byte[] insert) {
    byte[] out = new byte[doc.length - remove + insert.length];
    System.arraycopy(doc, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(doc, at + remove, out, at + insert.length, doc.length - at - remove);
    return out;
  }

  @Test
  void theWordAtATimeCheckFlagsEveryByteAStringMustLookAtWhereverItIs() {
    for (int value = 0; value < 256; value++) {
      boolean plain = value >= 0x20 && value < 0x80 && value != '"' && value != '\\';
      for (int at = 0; at < 8; at++) {
        byte[] word = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        word[at] = (byte) value;
        assertThat(JsonValidator.plainAscii(JsonValidator.eightBytes(word, 0))).as("byte %02x at %d", value, at).isEqualTo(plain);
      }
    }
  }

  @Test
  void longStringsAgreeWithJacksonWhateverByteComesWhere() {
    String[] specials = {"\"", "\\n", "\\u00e9", "\\x", "\u00e9", "\u20ac", "\ud83d\ude00", "\u0001", "\\"};
    for (String special : specials) {
      for (int at = 0; at < 24; at++) {
        String text = "\"" + "a".repeat(at) + special + "b".repeat(24 - at) + "\"";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonValidator.isSingleValue(bytes, 0, bytes.length)).as(text).isEqualTo(jackson(bytes));
      }
    }
    byte[] badUtf8 = ("\"" + "a".repeat(19) + "\u00e9\"").getBytes(StandardCharsets.UTF_8);
    badUtf8[badUtf8.length - 2] = 'x'; // a lead byte without its continuation, past the first word
    assertThat(JsonValidator.isSingleValue(badUtf8, 0, badUtf8.length)).isFalse();
  }
}
