package io.vigil.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Task payloads and results as Jackson trees, from maps and lists. */
final class JsonTree {

  private JsonTree() {}

  /** Made at first use: an ObjectMapper's set-up loads classes the agent's start does not need. */
  private static final class Lazy {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  static JsonNode of(Object value) {
    return Lazy.MAPPER.valueToTree(value);
  }
}
