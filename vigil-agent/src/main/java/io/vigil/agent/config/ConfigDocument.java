package io.vigil.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration file read and parsed as YAML, not yet validated: the agent reads its server
 * settings from it first ({@link ConfigLoader#server(ConfigDocument)}) and serves its probes while
 * the checks are created ({@link ConfigLoader#load(ConfigDocument)}).
 *
 * @param file the file it came from; empty for the built-in local checks
 * @param tree the parsed YAML: maps, lists and scalars
 */
public record ConfigDocument(Optional<Path> file, Map<String, Object> tree) {

  /** Copies the top level of the tree. */
  public ConfigDocument {
    tree = Collections.unmodifiableMap(YamlTree.asMap(tree)); // values may be null
  }

  /** The file's name for messages. */
  String source() {
    return YamlTree.source(file);
  }
}
