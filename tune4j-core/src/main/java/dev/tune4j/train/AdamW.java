package dev.tune4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter 2019) with PyTorch's semantics: decoupled weight decay {@code w -= lr·wd·w},
 * then the bias-corrected Adam step. Decay applies only to parameters with two or more dimensions
 * (matrices and embeddings), never to biases or LayerNorm, as in nanoGPT and Hugging Face.
 *
 * <p>Written here rather than taken from DJL so that the state (step, m, v) can be saved and resumed
 * exactly, and so that the update runs in place on the parameters without DJL's Trainer.
 */
public final class AdamW {

    /**
     * @param beta1 decay of the first moment, 0.9
     * @param beta2 decay of the second moment, 0.999
     * @param eps added to the denominator, 1e-8 as in torch.optim.AdamW
     * @param weightDecay decoupled decay, 0.01 as in torch.optim.AdamW
     */
    public record Hyper(float beta1, float beta2, float eps, float weightDecay) {

        public static final Hyper DEFAULT = new Hyper(0.9f, 0.999f, 1e-8f, 0.01f);

        public Hyper {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("eps must be > 0 and weight decay ≥ 0, got " + eps + ", " + weightDecay);
            }
        }
    }

    /** Adam's moments of one parameter. */
    public record Moments(NDArray m, NDArray v) {}

    private final Hyper hyper;
    private final NDManager manager;
    private final Map<Parameter, Moments> state = new IdentityHashMap<>();
    private long step;

    public AdamW(Hyper hyper, NDManager manager) {
        this.hyper = hyper;
        this.manager = manager;
    }

    public long stepCount() {
        return step;
    }

    /** Moments by parameter, for checkpoints; created on first use. */
    public Moments moments(Parameter p) {
        return state.computeIfAbsent(p, k -> new Moments(manager.zeros(k.getArray().getShape()),
                manager.zeros(k.getArray().getShape())));
    }

    /** Restores a checkpoint's state: the step count, and moments through {@link #moments(Parameter)}. */
    public void restoreStep(long restored) {
        this.step = restored;
    }

    /** Updates every parameter from its accumulated gradient, then zeroes the gradient. Autograd must be off. */
    public void step(List<Parameter> params, float lr) {
        step++;
        double bc1 = 1 - Math.pow(hyper.beta1(), step);
        double bc2 = 1 - Math.pow(hyper.beta2(), step);
        for (Parameter p : params) {
            Moments mo = moments(p);
            try (NDScope scope = new NDScope()) {
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                mo.m().muli(hyper.beta1()).addi(g.mul(1 - hyper.beta1()));
                mo.v().muli(hyper.beta2()).addi(g.square().muli(1 - hyper.beta2()));
                if (w.getShape().dimension() >= 2 && hyper.weightDecay() > 0) {
                    w.muli(1 - lr * hyper.weightDecay());
                }
                NDArray denom = mo.v().sqrt().divi(Math.sqrt(bc2)).addi(hyper.eps());
                w.subi(mo.m().div(denom).muli(lr / bc1));
                g.muli(0);
            }
        }
    }
}
