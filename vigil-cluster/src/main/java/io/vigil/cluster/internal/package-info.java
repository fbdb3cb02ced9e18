/** The cluster monitor's engine: detectors, pause detection, placement, routing, listeners. */
package io.vigil.cluster.internal;
