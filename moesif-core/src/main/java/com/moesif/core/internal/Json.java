package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson setup the SDK uses. Default typing stays off (never polymorphic deserialisation
 * of anything the collector sends), nesting is capped so hostile bodies fail fast instead of
 * recursing, and unknown properties in collector answers are ignored.
 */
public final class Json {
  /** Deeper JSON than this is not treated as JSON (it is base64'd, or withheld when masks must look inside): bounds parse work. */
  public static final int MAX_NESTING_DEPTH = 256;

  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  public static final ObjectMapper MAPPER =
      EntityMixIns.register(JsonMapper.builder(FACTORY))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}
}
