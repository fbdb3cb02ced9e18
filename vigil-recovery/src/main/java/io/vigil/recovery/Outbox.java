package io.vigil.recovery;

import java.util.ArrayList;
import java.util.List;

/**
 * What the ladders decided under the healer's lock and the healer carries out once it is free:
 * events for the listeners, fresh runs to ask the monitor for, flap histories to clear. Not
 * thread-safe: the healer's lock guards it.
 */
final class Outbox {

  private final List<RecoveryEvent> events = new ArrayList<>();
  private final List<String> rechecks = new ArrayList<>();
  private final List<String> forgetFlapping = new ArrayList<>();

  void event(RecoveryEvent event) {
    events.add(event);
  }

  /** Asks for a fresh run of the check. */
  void recheck(String check) {
    rechecks.add(check);
  }

  /** The check's own failure and verified recovery are no sign of flapping. */
  void forgetFlapping(String check) {
    forgetFlapping.add(check);
  }

  /** Everything collected since the last drain, emptied. */
  Drained drain() {
    Drained drained =
        new Drained(List.copyOf(events), List.copyOf(rechecks), List.copyOf(forgetFlapping));
    events.clear();
    rechecks.clear();
    forgetFlapping.clear();
    return drained;
  }

  /** The contents of one drain. */
  record Drained(List<RecoveryEvent> events, List<String> rechecks, List<String> forgetFlapping) {}
}
