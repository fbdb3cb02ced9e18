/**
 * Spring Boot 4 auto-configuration for Vigil: Actuator's health answered from Vigil's snapshot,
 * indicators run as Vigil checks, Vigil's meters in Boot's registry. See {@link
 * io.vigil.spring.VigilAutoConfiguration} and {@link io.vigil.spring.VigilProperties}.
 */
package io.vigil.spring;
