/**
 * Broker check types: {@code rabbitmq}, {@code nats}, {@code mqtt}. The checks are package-private;
 * configuration files and {@link io.vigil.checks.CheckTypes} create them through {@link
 * io.vigil.checks.messaging.MessagingCheckTypes}, public only for {@link java.util.ServiceLoader}.
 */
package io.vigil.checks.messaging;
