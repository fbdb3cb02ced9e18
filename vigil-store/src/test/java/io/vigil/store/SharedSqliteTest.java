package io.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one SQLite file (as an agent and {@code vigil worker} processes share it): an idle
 * store holds no write lock, so the other opens (migrates) and writes.
 */
class SharedSqliteTest {

  @TempDir Path dir;

  @Test
  @Timeout(30)
  void aSecondStoreOpensAndWritesWhileTheFirstIsOpen() {
    Path file = dir.resolve("vigil.db");
    try (Store first = Store.open(StoreConfig.sqlite(file))) {
      long a = first.tasks().enqueue("t", JsonNodeFactory.instance.objectNode()).id();
      try (Store second = Store.open(StoreConfig.sqlite(file))) {
        long b = second.tasks().enqueue("t", JsonNodeFactory.instance.objectNode()).id();
        long c = first.tasks().enqueue("t", JsonNodeFactory.instance.objectNode()).id();
        assertThat(first.tasks().get(b)).isPresent();
        assertThat(second.tasks().get(a)).isPresent();
        assertThat(second.tasks().get(c)).isPresent();
      }
    }
  }
}
