/**
 * Not API: the meters behind {@link io.vigil.micrometer.VigilMetrics}. Public only so that package
 * can use them; may change at any time.
 */
package io.vigil.micrometer.internal;
