/** Model and training configurations as records, validated when constructed. */
package dev.tune4j.config;
