/**
 * Self-healing: the {@link io.vigil.recovery.Healer} climbs each protected check's recovery ladder
 * ({@link io.vigil.recovery.RecoveryPolicy} of {@link io.vigil.recovery.RecoveryStep}s) within
 * {@link io.vigil.recovery.Guards}, emits {@link io.vigil.recovery.RecoveryEvent}s and shows where
 * each ladder is as a {@link io.vigil.recovery.RecoveryView}. Actions are built in ({@link
 * io.vigil.recovery.Actions}), described as data ({@link io.vigil.recovery.ActionSpec}) or any
 * {@link io.vigil.recovery.RecoveryAction}; {@link io.vigil.recovery.Supervisor} runs the programs
 * that restarts act on.
 */
package io.vigil.recovery;
