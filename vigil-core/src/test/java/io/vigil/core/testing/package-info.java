/**
 * Shared test fixtures of vigil-core's test jar, for every module's tests: {@link
 * io.vigil.core.testing.FakeTicker} (time that moves only when told), scripted checks, a recording
 * listener, and {@link io.vigil.core.testing.Tools} to find command-line tools.
 */
package io.vigil.core.testing;
