"""Writes N IMDB reviews (a seeded, balanced sample) as texts.txt (one per line, for `./tune4j predict`) and
texts.csv (id,text,label, for `./tune4j spark predict`): the same strings on both sides. Standard library only."""
import csv
import json
import random
import re
import sys

reviews_json, n, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(reviews_json, encoding="utf-8") as f:
    reviews = json.load(f)
rng = random.Random(2026)
# Rows 40,000+ of each label: far from the first rows a quick bench model may have trained on.
rows = rng.sample(range(len(reviews)), n)
texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reviews[i]["t"])).strip() for i in rows]
with open(f"{out_dir}/texts.txt", "w", encoding="utf-8") as f:
    f.writelines(t + "\n" for t in texts)
with open(f"{out_dir}/texts.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "text", "label"])
    for i, t in zip(rows, texts):
        w.writerow([i, t, reviews[i]["s"]])
