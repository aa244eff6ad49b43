/** Fine-tuning techniques as one sealed type: what trains, and the defaults that suit it. */
package dev.tune4j.adapt;
