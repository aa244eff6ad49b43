package dev.tune4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Progress of a run, mutable within the training loop: its epochs, the best one by the run's metric, and
 * whether patience ran out. The classifier trainer saves it with every checkpoint; the prompt trainer uses it
 * in memory.
 */
public final class TrainState {

    private final List<EpochMetrics> epochs;
    private int bestEpoch;
    private double bestScore;
    private int sinceBest;
    private boolean stopped;

    private TrainState(List<EpochMetrics> epochs, int bestEpoch, double bestScore, int sinceBest, boolean stopped) {
        this.epochs = new ArrayList<>(epochs);
        this.bestEpoch = bestEpoch;
        this.bestScore = bestScore;
        this.sinceBest = sinceBest;
        this.stopped = stopped;
    }

    public static TrainState fresh() {
        return new TrainState(List.of(), 0, Double.NaN, 0, false);
    }

    public int epochsDone() {
        return epochs.size();
    }

    public boolean stopped() {
        return stopped;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    /** Adds an epoch, decides whether it is the best so far, and whether patience ran out. */
    public EpochMetrics record(int epoch, double trainLoss, Evaluation eval, double lr, double seconds, Metric metric, int patience) {
        EpochMetrics m = EpochMetrics.of(epoch, trainLoss, eval, lr, seconds);
        double score = metric.of(m);
        boolean best = bestEpoch == 0 || metric.better(score, bestScore);
        if (best) {
            bestEpoch = epoch;
            bestScore = score;
            sinceBest = 0;
            m = m.asBest();
        } else {
            sinceBest++;
            stopped = patience > 0 && sinceBest >= patience;
        }
        epochs.add(m);
        return m;
    }

    JsonObject toJson() {
        // A diverged epoch has a NaN loss; it is recorded, not a reason to lose the run.
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        JsonObject o = new JsonObject();
        o.add("epochs", gson.toJsonTree(epochs));
        o.addProperty("best_epoch", bestEpoch);
        o.addProperty("best_score", bestScore);
        o.addProperty("since_best", sinceBest);
        o.addProperty("stopped", stopped);
        return o;
    }

    static TrainState fromJson(JsonObject o) {
        Gson gson = new Gson();
        List<EpochMetrics> epochs = new ArrayList<>();
        o.getAsJsonArray("epochs").forEach(e -> epochs.add(gson.fromJson(e, EpochMetrics.class)));
        return new TrainState(epochs, o.get("best_epoch").getAsInt(), o.get("best_score").getAsDouble(),
                o.get("since_best").getAsInt(), o.get("stopped").getAsBoolean());
    }
}
