/**
 * The event contracts between the four services: the envelope every event travels in, the
 * event types, their payload records and the AMQP address names. Plain Java and Jackson
 * annotations only; the one module the services share.
 */
package io.irsuite.events;
