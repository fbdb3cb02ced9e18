/** JMH benchmarks of the engine and memory measurements, with peers measured in the same run. */
package io.vigil.bench;
