/** Fakes and drivers for the cluster monitor's tests: a scripted prober, a simulated cluster. */
package io.vigil.cluster.testing;
