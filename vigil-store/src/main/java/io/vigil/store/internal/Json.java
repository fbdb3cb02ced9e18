package io.vigil.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * JSON text of payloads and results (one immutable, thread-safe mapper, made at first use: its
 * set-up loads classes that opening a store does not need).
 */
final class Json {

  private static final class Lazy {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private Json() {}

  static String write(JsonNode node) {
    try {
      return Lazy.MAPPER.writeValueAsString(node == null ? NullNode.getInstance() : node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode read(String text) {
    if (text == null) {
      return NullNode.getInstance();
    }
    try {
      return Lazy.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return JsonNodeFactory.instance.textNode(text);
    }
  }

  static JsonNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
