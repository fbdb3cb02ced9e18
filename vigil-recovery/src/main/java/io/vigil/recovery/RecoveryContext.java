package io.vigil.recovery;

import io.vigil.core.Result;
import java.time.Duration;

/**
 * What an action knows about the attempt.
 *
 * @param check the failing check's name
 * @param result the result that made the check fail
 * @param step the ladder step's name
 * @param attempt the attempt number of this step, from 1
 * @param fencingToken the leadership token; a stale one must be refused by the target
 * @param timeout how long the action may take
 */
public record RecoveryContext(
    String check, Result result, String step, int attempt, long fencingToken, Duration timeout) {}
