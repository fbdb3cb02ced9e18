package io.vigil.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vigil.cluster.testing.Sim;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routing hook against a real receiver that fails, recovers and refuses. */
class RoutingHookTest {

  private HttpServer receiver;
  private final List<String> epochs = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(503);

  @BeforeEach
  void receive() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/routing",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = answer.get();
          if (status == 200) {
            epochs.add(x.getRequestHeaders().getFirst("Vigil-Routing-Epoch"));
            bodies.add(body);
          }
          x.sendResponseHeaders(status, -1);
          x.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  @Test
  void eachNewTableIsPostedRetriedAndNeverOlderAfterNewer() {
    URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/routing");
    Sim sim =
        new Sim(
            Sim.builder()
                .node(NodeSpec.of("n1", "a:1").withHealthUrl(URI.create("http://127.0.0.1:1/")))
                .node(NodeSpec.of("n2", "b:1").withHealthUrl(URI.create("http://127.0.0.1:1/")))
                .node(NodeSpec.of("n3", "c:1").withHealthUrl(URI.create("http://127.0.0.1:1/")))
                .routingHook(url, Duration.ofMillis(20)));
    sim.until(() -> sim.monitor.routing().epoch() == 1, Duration.ofSeconds(1));
    await().until(() -> sim.monitor.status().hook().orElseThrow().failures() >= 2);
    sim.monitor.leave("n3"); // epoch 2 while the receiver still fails
    sim.step();
    answer.set(200);
    await().until(() -> sim.monitor.status().hook().orElseThrow().deliveredEpoch() == 2);
    // Epoch 1 may have been on its way when the receiver recovered; never after epoch 2.
    assertThat(epochs).endsWith("2").isSubsetOf("1", "2").doesNotHaveDuplicates();
    assertThat(bodies.getLast())
        .startsWith("{\"epoch\":2,\"frozen\":false,")
        .contains("\"shards\":[{\"shard\":0,\"primary\":\"n");

    answer.set(400); // the receiver refuses epoch 3: given up, not retried forever
    sim.monitor.leave("n2");
    sim.step();
    await().until(() -> sim.monitor.status().hook().orElseThrow().deliveredEpoch() == 3);
    assertThat(sim.monitor.status().hook().orElseThrow().lastError())
        .isEqualTo("HTTP 400 for epoch 3; not retried");
    sim.monitor.close();
  }
}
