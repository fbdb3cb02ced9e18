package io.vigil.recovery.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.vigil.core.Secrets;
import io.vigil.recovery.RecoveryEvent;
import io.vigil.recovery.RecoveryView;
import java.io.IOException;
import java.util.Locale;

/**
 * Writes a {@link RecoveryView} as JSON with named snake_case fields, ISO-8601 instants, durations
 * in milliseconds and secrets masked, whatever modules the mapper has.
 */
public final class ViewJson extends StdSerializer<RecoveryView> {

  /** For Jackson. */
  public ViewJson() {
    super(RecoveryView.class);
  }

  @Override
  public void serialize(RecoveryView v, JsonGenerator json, SerializerProvider provider)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("check", v.check());
    json.writeStringField("phase", lower(v.phase()));
    if (v.until().isPresent()) {
      json.writeStringField("until", v.until().get().toString());
    }
    json.writeStringField("step", v.step());
    json.writeNumberField("step_index", v.stepIndex());
    json.writeNumberField("attempts_on_step", v.attemptsOnStep());
    json.writeStringField("breaker", lower(v.breaker()));
    json.writeBooleanField("quarantined", v.quarantined());
    if (v.quarantine().isPresent()) {
      RecoveryView.Quarantine q = v.quarantine().get();
      json.writeObjectFieldStart("quarantine");
      json.writeStringField("cause", lower(q.cause()));
      json.writeStringField("reason", Secrets.maskText(q.reason()));
      json.writeStringField("since", q.since().toString());
      json.writeEndObject();
    }
    if (v.suppressed().isPresent()) {
      json.writeStringField("suppressed", Secrets.maskText(v.suppressed().get()));
    }
    json.writeNumberField("restarts_in_window", v.restartsInWindow());
    json.writeArrayFieldStart("recent");
    for (RecoveryEvent event : v.recent()) {
      event(json, event);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void event(JsonGenerator json, RecoveryEvent event) throws IOException {
    json.writeStartObject();
    switch (event) {
      case RecoveryEvent.Started e -> {
        json.writeStringField("event", "started");
        attempt(json, e.step(), e.attempt());
        json.writeNumberField("fencing_token", e.fencingToken());
      }
      case RecoveryEvent.Succeeded e -> {
        json.writeStringField("event", "succeeded");
        attempt(json, e.step(), e.attempt());
        json.writeNumberField("took_ms", e.took().toMillis());
      }
      case RecoveryEvent.Failed e -> {
        json.writeStringField("event", "failed");
        attempt(json, e.step(), e.attempt());
        json.writeStringField("reason", Secrets.maskText(e.reason()));
        json.writeNumberField("took_ms", e.took().toMillis());
      }
      case RecoveryEvent.Suppressed e -> {
        json.writeStringField("event", "suppressed");
        json.writeStringField("reason", Secrets.maskText(e.reason()));
      }
      case RecoveryEvent.SuppressionEnded e -> {
        json.writeStringField("event", "suppression_ended");
        json.writeStringField("reason", Secrets.maskText(e.reason()));
      }
      case RecoveryEvent.QuarantineLifted e -> {
        json.writeStringField("event", "quarantine_lifted");
        json.writeStringField("by", Secrets.maskText(e.by()));
      }
      case RecoveryEvent.GaveUp e -> {
        json.writeStringField("event", "gave_up");
        json.writeStringField("reason", Secrets.maskText(e.reason()));
      }
      case RecoveryEvent.Reset e -> json.writeStringField("event", "reset");
    }
    json.writeStringField("at", event.at().toString());
    json.writeEndObject();
  }

  private static void attempt(JsonGenerator json, String step, int attempt) throws IOException {
    json.writeStringField("step", step);
    json.writeNumberField("attempt", attempt);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
