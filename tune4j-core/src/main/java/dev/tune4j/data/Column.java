package dev.tune4j.data;

/** A column to read and the command-line option that renames it, for "no column" messages. */
record Column(String name, String option) {}
