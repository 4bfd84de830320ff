package com.moesif.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/** Instants as the collector wants them, without pulling in the jsr310 module. */
public final class IsoInstantSerializer extends StdSerializer<Instant> {
  private static final long serialVersionUID = 1L;

  public IsoInstantSerializer() {
    super(Instant.class);
  }

  @Override
  public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeString(EventJsonWriter.formatTime(value));
  }
}
