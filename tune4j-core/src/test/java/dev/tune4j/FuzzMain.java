package dev.tune4j;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test ("dev.tune4j.data.DataFuzzTest#csv") in this JVM, for bench/fuzz.sh: starting a
 * JVM per round is seconds, where Maven would take most of a minute. Exit status 1 on a finding.
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(args[0] + "(byte[])")).build(), summary);
        TestExecutionSummary result = summary.getSummary();
        result.getFailures().forEach(f -> f.getException().printStackTrace());
        System.out.println("FUZZ " + args[0] + " tests=" + result.getTestsFoundCount() + " failed=" + result.getTotalFailureCount());
        System.exit(result.getTotalFailureCount() == 0 && result.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
