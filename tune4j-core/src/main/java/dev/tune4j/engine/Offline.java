package dev.tune4j.engine;

/**
 * Keeps DJL quiet: no telemetry, no downloads.
 *
 * <p>DJL reads {@code OPT_OUT_TRACKING} and {@code DJL_OFFLINE} from the environment or from system
 * properties of the same name when its engine starts and when a tokenizer is created; without them it
 * calls a cloud metadata address and may try to download natives. Every tune4j entry point that can
 * touch DJL calls {@link #ensure()} first, so a library user gets the same guarantee as the CLI.
 */
public final class Offline {

    private Offline() {}

    public static void ensure() {
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("ai.djl.offline", "true");
    }
}
