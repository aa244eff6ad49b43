// tune4j serve's page: reads /info for the model card, then calls /predict (classifier: labels as bars) or
// /embed (embedding model: the candidate sentences ranked by cosine similarity to the text).
"use strict";

const $ = id => document.getElementById(id);
let info = null;

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value.trim();
  if (key) h["Authorization"] = "Bearer " + key;
  return h;
}

function prefix() {
  const names = (info && info.tune4j.models) || [];
  const chosen = $("model").value;
  return chosen && names.length && chosen !== names[0] ? "/" + encodeURIComponent(chosen) : "";
}

async function call(method, path, body) {
  const res = await fetch(path, { method, headers: headers(), body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(res.status + " " + (json && (json.error || json.message) || res.statusText));
  return json;
}

async function loadInfo(model) {
  const path = model ? "/" + encodeURIComponent(model) + "/info" : "/info";
  info = await call("GET", path);
  const select = $("model");
  if (!select.options.length) {
    for (const name of info.tune4j.models) select.add(new Option(name, name));
  }
  select.value = info.served_model_name;
  const classifier = info.tune4j.kind === "classifier";
  $("task").textContent = classifier ? "Classify a text" : "Find the nearest sentences";
  $("candidates-box").hidden = classifier;
  renderCard();
}

function field(dl, name, value) {
  if (value === undefined || value === null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
  dl.append(dt, dd);
}

function renderCard() {
  const dl = $("card-fields");
  dl.replaceChildren();
  const t = info.tune4j;
  field(dl, "Model", info.served_model_name);
  field(dl, "Source", info.model_id);
  field(dl, "Kind", t.kind + (t.multi_label ? " (multi-label)" : ""));
  field(dl, "Compute", info.model_dtype);
  field(dl, "Max input", info.max_input_length + " tokens");
  if (t.labels) field(dl, "Labels", t.labels.join(", "));
  if (t.dimension) field(dl, "Dimension", t.dimension);
  if (info.model_type.embedding) field(dl, "Pooling", info.model_type.embedding.pooling);
  if (t.run) field(dl, "Run", t.run);
  if (t.best_epoch) field(dl, "Best epoch", t.best_epoch);
  const v = t.validation || {};
  for (const key of ["accuracy", "macro_f1", "roc_auc", "subset_accuracy", "micro_f1", "hamming_loss", "loss"]) {
    const value = v[key] !== undefined ? v[key] : (v.macro && key === "macro_f1" ? v.macro.f1 : undefined);
    if (typeof value === "number") field(dl, "Validation " + key.replace("_", " "), value.toFixed(4));
  }
  if (t.report) {
    const a = document.createElement("a");
    a.href = t.report;
    a.textContent = "report.html";
    a.id = "report-link";
    field(dl, "Report", a);
  }
}

function bars(rows) {
  const box = $("result");
  box.replaceChildren();
  rows.forEach((r, i) => {
    const row = document.createElement("div");
    row.className = "row" + (i === 0 ? " top" : "");
    row.dataset.label = r.name;
    row.dataset.score = r.score;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = r.name;
    name.title = r.name;
    const track = document.createElement("div");
    track.className = "track";
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = Math.max(0, Math.min(1, r.score)) * 100 + "%";
    track.appendChild(bar);
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = r.score.toFixed(3);
    row.append(name, track, score);
    box.appendChild(row);
  });
}

function cosine(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / (Math.sqrt(na * nb) || 1);
}

async function run() {
  const status = $("status");
  status.className = "";
  status.textContent = "running…";
  const text = $("text").value;
  try {
    if (info.tune4j.kind === "classifier") {
      const preds = await call("POST", prefix() + "/predict", { inputs: text, truncate: true });
      bars(preds.map(p => ({ name: p.label, score: p.score })));
    } else {
      const candidates = $("candidates").value.split("\n").map(s => s.trim()).filter(s => s);
      const vectors = await call("POST", prefix() + "/embed", { inputs: [text, ...candidates], truncate: true });
      const ranked = candidates.map((c, i) => ({ name: c, score: cosine(vectors[0], vectors[i + 1]) }));
      ranked.sort((a, b) => b.score - a.score);
      bars(ranked);
    }
    status.textContent = "done";
  } catch (e) {
    status.className = "error";
    status.textContent = e.message;
  }
}

$("run").addEventListener("click", run);
$("model").addEventListener("change", () => loadInfo($("model").value).catch(showError));
$("key").addEventListener("change", () => loadInfo($("model").value).catch(showError));

function showError(e) {
  $("status").className = "error";
  $("status").textContent = e.message;
}

loadInfo().catch(showError);
