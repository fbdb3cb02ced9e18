/** The Spring Boot peer of the benchmarks: Actuator alone against Actuator with Vigil. */
package io.vigil.bench.boot;
