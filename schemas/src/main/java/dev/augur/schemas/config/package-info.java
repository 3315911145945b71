/**
 * Typed, validated command-line settings shared by Augur's Kafka Streams apps and feed tools ({@code --key value}
 * arguments, pass-through {@code --kafka.<setting>} client properties): a bad value fails at start-up naming the key,
 * the allowed range and what was found. Plain JDK code, so every app can share it.
 */
package dev.augur.schemas.config;
