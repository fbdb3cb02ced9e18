/** Test helpers: a local HTTP collector and a real Alertmanager started on its own port. */
package io.vigil.alerts.testing;
