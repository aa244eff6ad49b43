"""LM-BFF's automatic label-word search (Gao et al. 2021, section 5.1), restricted to PromptSweep's 27 candidate
words and measured zero-shot, offline, from a PromptSweep dump:

    python3 bench/python/label_search.py bench/out/prompt-sweep-dev.json [--config T3:tail:256] [--k 4]

For each seed, 16 reviews per label of the development dump play the few-shot training set; each label gets the
k candidate words whose mean log-probability at the mask is highest on its own reviews relative to the other
label's (LM-BFF ranks by the label's own likelihood; with a prompt that favours positive words that puts the same
words on top for both labels, hence the contrast), and the searched verbalizer is scored, calibrated with the
content-free inputs, on the other 268 development reviews, next to the default V4 on the same reviews.
"""
import json
import sys

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from prompt_sweep_score import VERBALIZERS, label_probs  # noqa: E402


def main():
    dump = json.load(open(sys.argv[1]))
    config = sys.argv[sys.argv.index("--config") + 1] if "--config" in sys.argv else "T3:tail:256"
    k = int(sys.argv[sys.argv.index("--k") + 1]) if "--k" in sys.argv else 4
    y = np.array(dump["labels"])
    words = dump["words"]
    logq = np.array(dump["configs"][config]["dev"])
    cf = np.array(dump["configs"][config]["content_free"])
    neg, pos = VERBALIZERS["V4 (issue's four)"]
    v4 = ([words.index(w) for w in neg.split(",")], [words.index(w) for w in pos.split(",")])
    print(f"{config}, k = {k}; accuracy on the 268 reviews outside each seed's 32 (calibrated, 3 content-free inputs)\n")
    print("| seed | searched words (negative / positive) | searched | V4 |\n|---|---|---|---|")
    for seed in (13, 21, 42):
        rng = np.random.default_rng(seed)
        train = np.concatenate([rng.choice(np.flatnonzero(y == c), 16, replace=False) for c in (0, 1)])
        rest = np.setdiff1d(np.arange(len(y)), train)
        lq = logq - np.log(np.exp(logq).sum(1, keepdims=True))
        cols = []
        taken = set()
        for c in (0, 1):
            contrast = lq[train][y[train] == c].mean(0) - lq[train][y[train] != c].mean(0)
            chosen = [w for w in np.argsort(-contrast) if w not in taken][:k]
            taken.update(chosen)
            cols.append([int(w) for w in chosen])
        acc = {}
        for name, vc in (("searched", tuple(cols)), ("V4", v4)):
            p = label_probs(logq[rest], cf, vc, "sum-prob", "3 content-free")
            acc[name] = (p.argmax(1) == y[rest]).mean()
        names = " / ".join(",".join(words[w] for w in c) for c in cols)
        print(f"| {seed} | {names} | {100 * acc['searched']:.1f}% | {100 * acc['V4']:.1f}% |")


if __name__ == "__main__":
    main()
