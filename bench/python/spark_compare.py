"""Compares `./tune4j predict --json` (local.jsonl) with `./tune4j spark predict` (spark.jsonl) row for row:
same count, same ids in order, same labels, max |difference| of the probabilities."""
import json
import sys

local = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
spark = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(local) == len(spark), f"{len(local)} local rows, {len(spark)} spark rows"
worst, same = 0.0, 0
for a, b in zip(local, spark):
    assert a["text"] == b["text"], "row order differs"
    probs = list(a["probabilities"].values())
    worst = max(worst, max(abs(p - q) for p, q in zip(probs, b["probability"])))
    same += a["label"] == b["prediction"]
print(json.dumps({"rows": len(local), "same_label": same, "max_abs_prob_diff": worst}))
