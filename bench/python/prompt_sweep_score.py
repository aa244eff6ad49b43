"""Scores every verbalizer x aggregation x calibration (x template ensemble) from a PromptSweep dump, offline.

    python3 bench/python/prompt_sweep_score.py bench/out/prompt-sweep-dev.json [--top 30] [--markdown]

The dump holds, per template:truncation:max-length, the mask-position log-probabilities of the union of the
candidate label words (normalised over that union) for each review and for the content-free inputs
("N/A", "", "[MASK]"). Restricting to a verbalizer's words and renormalising gives exactly what
ClozeClassifier computes with that verbalizer, so nothing here needs another forward. Calibrations: none, the
content-free input "N/A" (Zhao et al. 2021, ClozeClassifier's content-free mode), the mean of "N/A", "" and
"[MASK]", and batch (the prior is the mean word probabilities over the scored reviews, ClozeClassifier's batch mode).
"""
import itertools
import json
import sys

import numpy as np

VERBALIZERS = {
    "V1 terrible/great": ("terrible", "great"),
    "V2 terrible,bad/great,good": ("terrible,bad", "great,good"),
    "V4 (issue's four)": ("terrible,bad,awful,boring", "great,good,excellent,wonderful"),
    "V6": ("terrible,bad,awful,boring,horrible,poor", "great,good,excellent,wonderful,amazing,fantastic"),
    "V8": ("terrible,bad,awful,boring,horrible,poor,worst,disappointing",
           "great,good,excellent,wonderful,amazing,fantastic,brilliant,perfect"),
    "V13 all": ("terrible,bad,awful,boring,horrible,poor,worst,disappointing,stupid,dull,waste,pathetic,lame",
                "great,good,excellent,wonderful,amazing,fantastic,brilliant,perfect,fun,beautiful,superb,enjoyable,awesome,masterpiece"),
}
AGGREGATIONS = ("mean-log", "sum-prob")
CALIBRATIONS = ("none", "N/A", "3 content-free", "batch")


def logsumexp(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def label_probs(logq, cf, cols, aggregation, calibration):
    """(N, 2) label probabilities for one verbalizer; cols = (negative word columns, positive word columns)."""
    allc = cols[0] + cols[1]
    lq = logq[:, allc]
    lq = lq - logsumexp(lq, 1)
    if calibration != "none":
        # batch (Zhou et al. 2024): the prior is the mean over the reviews themselves; else content-free inputs.
        c = logq if calibration == "batch" else cf[:1] if calibration == "N/A" else cf[:3]
        c = c[:, allc] - logsumexp(c[:, allc], 1)
        mean_cf = np.log(np.exp(c).mean(axis=0))  # content-free probabilities, averaged over the inputs
        lq = lq - mean_cf
        lq = lq - logsumexp(lq, 1)
    n = len(cols[0])
    scores = []
    for part in (lq[:, :n], lq[:, n:]):
        scores.append(part.mean(axis=1) if aggregation == "mean-log" else logsumexp(part, 1)[:, 0])
    s = np.stack(scores, 1)
    return np.exp(s - logsumexp(s, 1))


def auc(y, p):
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    return (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())


def main():
    dump = json.load(open(sys.argv[1]))
    y = np.array(dump["labels"])
    words = dump["words"]
    index = {w: i for i, w in enumerate(words)}
    configs = {k: (np.array(v["dev"]), np.array(v["content_free"]), v["template"]) for k, v in dump["configs"].items()}
    rows = []
    probs = {}
    for (name, (neg, pos)), agg, cal in itertools.product(VERBALIZERS.items(), AGGREGATIONS, CALIBRATIONS):
        cols = ([index[w] for w in neg.split(",")], [index[w] for w in pos.split(",")])
        for key, (logq, cf, _) in configs.items():
            p = label_probs(logq, cf, cols, agg, cal)
            probs[(key, name, agg, cal)] = p
            rows.append((key, name, agg, cal, (p.argmax(1) == y).mean(), auc(y, p[:, 1])))
        # Ensembles: the mean of member probabilities, over templates at the same truncation and length.
        by_setting = {}
        for key in configs:
            t, rest = key.split(":", 1)
            by_setting.setdefault(rest, []).append(t)
        for rest, ts in by_setting.items():
            for r in range(2, len(ts) + 1):
                for members in itertools.combinations(ts, r):
                    p = np.mean([probs[(m + ":" + rest, name, agg, cal)] for m in members], axis=0)
                    rows.append(("+".join(members) + ":" + rest, name, agg, cal, (p.argmax(1) == y).mean(), auc(y, p[:, 1])))
    print(f"{len(y)} reviews ({int(y.sum())} positive); templates:")
    for key, (_, _, t) in configs.items():
        print(f"  {key}: {t}")
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 40
    print("\n| config | verbalizer | aggregation | calibration | accuracy | ROC-AUC |\n|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: -r[4])[:top]:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {100 * r[4]:.1f}% | {r[5]:.3f} |")
    if "--pivot" in sys.argv:
        pivot(rows)
    if "--all" in sys.argv:
        print("\nall rows:")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {100 * r[4]:.1f}% | {r[5]:.3f} |")


def pivot(rows):
    """One line per config x verbalizer x label score, the calibrations side by side (accuracy; ROC-AUC once)."""
    table = {}
    for key, name, agg, cal, acc, roc in rows:
        table.setdefault((key, name, agg), {})[cal] = (acc, roc)
    print("\n| template(s):truncation:max length | verbalizer | label score | " + " | ".join(CALIBRATIONS)
          + " | ROC-AUC (uncalibrated) |\n|---|---|---|" + "---|" * (len(CALIBRATIONS) + 1))
    for (key, name, agg), cals in table.items():
        print(f"| {key} | {name} | {agg} | " + " | ".join(f"{100 * cals[c][0]:.1f}%" for c in CALIBRATIONS)
              + f" | {cals['none'][1]:.3f} |")


if __name__ == "__main__":
    main()
