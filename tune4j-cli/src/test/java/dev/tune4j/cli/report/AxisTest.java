package dev.tune4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AxisTest {

    @Test
    void roundsOutwardToNiceSteps() {
        Axis axis = Axis.nice(0.071, 0.472, 10, false);

        assertEquals(0.05, axis.step(), 1e-12);
        assertEquals(0.05, axis.min(), 1e-12);
        assertEquals(0.5, axis.max(), 1e-12);
        assertEquals("0.45", axis.format(axis.tick(8)));
    }

    @Test
    void integralAxisNeverHasFractionalTicks() {
        Axis axis = Axis.nice(1, 3, 11, true);

        assertEquals(1, axis.step());
        assertEquals("2", axis.format(axis.tick(1)));
    }

    @Test
    void singleValueGetsARangeAroundIt() {
        Axis epochs = Axis.nice(1, 1, 8, true);
        Axis loss = Axis.nice(0.5, 0.5, 8, false);

        assertEquals(0, epochs.min());
        assertEquals(2, epochs.max());
        assertEquals(true, loss.min() < 0.5 && loss.max() > 0.5);
    }

    @Test
    void noDataGetsTheUnitInterval() {
        Axis axis = Axis.nice(Double.NaN, Double.NaN, 8, false);

        assertEquals(0, axis.min());
        assertEquals(1, axis.max());
    }

    @Test
    void negativeZeroPrintsAsZero() {
        Axis axis = Axis.nice(-1, 1, 5, false);

        assertEquals("0.0", axis.format(-0.0));
    }
}
