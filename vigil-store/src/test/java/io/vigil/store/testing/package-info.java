/** Shared fixtures for the store's tests: databases on both engines, proxies, fakes. */
package io.vigil.store.testing;
