/**
 * The healer's state and events in the store: what an agent's recovery ladders must keep across
 * restarts ({@link io.vigil.store.recovery.SavedRecovery}) and one row per recovery event ({@link
 * io.vigil.store.recovery.RecoveryRecord}), through {@link io.vigil.store.recovery.RecoveryStore}.
 */
package io.vigil.store.recovery;
