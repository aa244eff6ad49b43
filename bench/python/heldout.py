"""Writes the held-out test file two benchmark sides share: M IMDB reviews that a tune4j run neither trained
nor validated on (its split.json), half of each label, seeded, `<br />` turned into spaces, as JSONL
{"text", "label"} with tune4j's label names. Standard library only.

Usage: heldout.py SPLIT_JSON M REVIEWS_JSON OUT_JSONL
"""
import json
import random
import re
import sys

split_file, m, reviews_file, out_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
split = json.load(open(split_file))
used = set(split["train_rows"]) | set(split["validation_rows"])
reviews = json.load(open(reviews_file))
rng = random.Random(42)
rows = []
for label in (0, 1):
    pool = [i for i, r in enumerate(reviews) if r["s"] == label and i not in used]
    rows += rng.sample(pool, m // 2 + (m % 2 if label else 0))
rng.shuffle(rows)
with open(out_file, "w") as f:
    for i in rows:
        text = re.sub(r"<br\s*/?>", " ", reviews[i]["t"], flags=re.I)
        f.write(json.dumps({"text": text, "label": ["negative", "positive"][reviews[i]["s"]]}) + "\n")
