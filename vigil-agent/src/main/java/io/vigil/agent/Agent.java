package io.vigil.agent;

import io.vigil.agent.checks.DiskSpaceCheck;
import io.vigil.agent.checks.JvmHeapCheck;
import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running agent: a monitor with the local checks and an event log. */
final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Monitor monitor;

  private Agent(Monitor monitor) {
    this.monitor = monitor;
  }

  /** Starts the engine with the JVM heap check and a disk check for {@code diskPath}. */
  static Agent start(Path diskPath, Duration interval) {
    Monitor monitor = Monitor.builder().build();
    monitor.subscribe(new EventLogger());
    monitor.register(
        CheckSpec.builder("jvm-heap")
            .description("heap used by the agent's JVM")
            .component("agent")
            .interval(interval)
            .build(),
        new JvmHeapCheck(JvmHeapCheck.DEFAULT_THRESHOLDS));
    monitor.register(
        CheckSpec.builder("disk")
            .description("space on the file system of " + diskPath)
            .component("host")
            .interval(interval)
            .build(),
        new DiskSpaceCheck(diskPath, DiskSpaceCheck.DEFAULT_THRESHOLDS));
    monitor.start();
    LOG.info(
        "event=started version={} checks={} pid={}",
        Version.current(),
        monitor.snapshot().checks().size(),
        ProcessHandle.current().pid());
    return new Agent(monitor);
  }

  Monitor monitor() {
    return monitor;
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    monitor.stop();
    LOG.info("event=stopped stop_ms={}", (System.nanoTime() - t0) / 1_000_000);
  }
}
