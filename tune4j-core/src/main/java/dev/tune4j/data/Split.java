package dev.tune4j.data;

/** A training set and the validation set held out from the same data. */
public record Split(Dataset train, Dataset val) {

    public Split {
        if (train == null || val == null) {
            throw new IllegalArgumentException("train and val must not be null, got " + train + ", " + val);
        }
    }
}
