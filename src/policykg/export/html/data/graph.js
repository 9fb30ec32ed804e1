/* policykg graph view. Every string that comes from a document is put on the page with
 * textContent (or as an attribute value), never parsed as HTML. */
(function () {
  "use strict";

  const T0 = performance.now();
  const data = JSON.parse(document.getElementById("policykg-data").textContent);
  const timings = { start: T0, parsed: performance.now() }; // ms since navigation started
  const $ = (id) => document.getElementById(id);

  // -- indexes ------------------------------------------------------------------------
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const typeByName = new Map(data.types.map((t) => [t.name, t]));
  const relByName = new Map(data.relations.map((r) => [r.name, r]));
  const outRel = new Map(), inRel = new Map(), children = new Map(), partEdge = new Map();
  for (const e of data.edges) {
    if (e.rel === "partOf") {
      push(children, e.from, e.to);
      partEdge.set(e.from + "\u0000" + e.to, e.id);
    } else {
      push(outRel, e.from, e);
      push(inRel, e.to, e);
    }
  }
  const docById = new Map(data.documents.map((d) => [d.id, d]));
  // The lowest score of any link: where the minimum-score slider starts.
  const scores = data.edges.filter((e) => e.rel !== "partOf").map((e) => e.score);
  const lowScore = scores.length ? Math.floor(100 * Math.min(...scores)) / 100 : 0;
  const haystack = new Map(data.nodes.map((n) =>
    [n.id, [n.full, n.text, n.section, n.id, n.find || ""].join("\n").toLowerCase()]));

  function push(map, key, value) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(value);
  }

  function plural(n, word, many) {
    return n + " " + (n === 1 ? word : many || word + "s");
  }

  // -- state --------------------------------------------------------------------------
  const state = {
    types: new Set(data.types.map((t) => t.name)),
    docs: new Set(data.documents.map((d) => d.id)),
    rels: new Set(data.relations.map((r) => r.name)),
    query: "",
    minScore: lowScore,
    layout: "force", // or "columns"
    selected: null, // {kind: "node" | "edge", id}
    path: null, // {start, nodes: Set, edges: Set}
  };
  let visible = new Set();
  let nodesDS, edgesDS, nodeView, edgeView, network;
  let forcePositions = null; // positions after "Re-run layout" has come to rest
  let stableMs = null, readyMs = null;
  let shownKey = ""; // the visible node set last fitted to, so a filter that changes it refits
  let opening = null; // the view a new network opens at
  const fontSize = new Map(); // node → {size, vadjust} of its label where not the default
  let layouts = 0; // layouts come to rest so far
  let lit = { nodes: new Set(), edges: new Set() }; // items given their own look by a path

  // -- small DOM helpers (text only) -----------------------------------------------------
  function el(tag, attrs, ...kids) {
    const x = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") x.className = v;
      else if (k === "style") Object.assign(x.style, v);
      else if (k.startsWith("on")) x.addEventListener(k.slice(2), v);
      else x.setAttribute(k, v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== null && kid !== undefined && kid !== false) x.append(kid);
    }
    return x;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...kids) {
    const x = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) x.setAttribute(k, String(v));
    kids.forEach((k) => x.append(k));
    return x;
  }

  const SHAPES = {
    dot: () => svg("circle", { cx: 8, cy: 8, r: 6 }),
    square: () => svg("rect", { x: 2.5, y: 2.5, width: 11, height: 11 }),
    triangle: () => svg("polygon", { points: "8,1.5 14.5,13.5 1.5,13.5" }),
    hexagon: () => svg("polygon", { points: "8,1.5 14,4.8 14,11.2 8,14.5 2,11.2 2,4.8" }),
    star: () => svg("polygon", {
      points: "8,1 9.9,5.9 15,6.1 11,9.3 12.4,14.4 8,11.5 3.6,14.4 5,9.3 1,6.1 6.1,5.9",
    }),
  };

  function typeSwatch(t) {
    const shape = (SHAPES[t.shape] || SHAPES.dot)();
    shape.setAttribute("fill", t.color);
    shape.setAttribute("stroke", t.border);
    return svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", class: "swatch", "aria-hidden": "true" }, shape);
  }

  function relationSwatch(r) {
    const line = svg("line", { x1: 1, y1: 8, x2: r.name === "partOf" ? 27 : 21, y2: 8, stroke: r.color, "stroke-width": 2.5 });
    if (r.dashes) line.setAttribute("stroke-dasharray", "5 3");
    const kids = [line];
    if (r.name !== "partOf") kids.push(svg("polygon", { points: "20,3 28,8 20,13", fill: r.color }));
    return svg("svg", { width: 30, height: 16, viewBox: "0 0 30 16", class: "swatch", "aria-hidden": "true" }, ...kids);
  }

  function typeOf(n) {
    return typeByName.get(n.group) || { name: n.group, zh: "", color: "#8c959f", border: "#57606a" };
  }

  function badge(n) {
    const t = typeOf(n);
    return el("span", { class: "badge", style: { background: t.border } }, t.name + " · " + t.zh);
  }

  function relTag(r) {
    const rel = relByName.get(r);
    return el("span", { class: "rel", style: { color: rel.color } }, rel.name + " " + rel.zh);
  }

  function nodeLink(id, extra) {
    const n = nodeById.get(id);
    if (!n) return el("span", { class: "meta" }, id);
    return el("button", {
      type: "button", class: "nodelink", title: n.full,
      onclick: () => selectNode(id, { focus: true }),
    }, el("span", { class: "dot", style: { background: typeOf(n).color } }), el("span", { class: "lbl" }, n.full), extra || null);
  }

  // -- filtering ----------------------------------------------------------------------
  function matches(n) {
    return !state.query || haystack.get(n.id).includes(state.query);
  }

  function nodeShown(n) {
    return state.types.has(n.group) && state.docs.has(n.doc) && matches(n);
  }

  function edgeShown(e) {
    if (!state.rels.has(e.rel)) return false;
    if (e.rel !== "partOf" && e.score + 1e-9 < state.minScore) return false;
    return visible.has(e.from) && visible.has(e.to);
  }

  function computeVisible() {
    visible = new Set(data.nodes.filter(nodeShown).map((n) => n.id));
  }

  function applyFilters() {
    computeVisible();
    // A path whose own item the filters hide is gone too.
    if (state.path && !visible.has(state.path.start)) clearPath();
    nodeView.refresh();
    edgeView.refresh();
    updateStatus();
    if (state.selected && state.selected.kind === "node" && visible.has(state.selected.id)) {
      network.selectNodes([state.selected.id]);
    }
    showWhatIsVisible();
  }

  function updateStatus() {
    const shownEdges = data.edges.filter((e) => e.rel !== "partOf" && edgeShown(e)).length;
    $("status").textContent = `${visible.size} / ${plural(data.counts.nodes, "node")} · ${shownEdges} / ${plural(data.counts.edges, "link")}`;
  }

  // Search and filters move the view to what they show, and label it afresh.
  function showWhatIsVisible(force) {
    const key = visible.size + ":" + [...visible].slice(0, 50).join(",");
    if (key === shownKey && !force) return;
    shownKey = key;
    const ids = [...visible];
    const pos = network.getPositions(ids);
    const view = viewOf(ids, pos);
    if (!view) return;
    network.moveTo(Object.assign({ animation: false }, view));
    applyTiers(labelTiers(ids, pos, view.scale));
  }

  // Where to look to see all these nodes: their box, with a margin for nodes and labels.
  // (Not vis-network's fit(): it counts the labels' boxes, which the tiers below enlarge,
  // so every fit would zoom out a little further.)
  const MARGIN = 50;
  function viewOf(ids, pos) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const id of ids) {
      const p = pos[id];
      if (!p) continue;
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    }
    if (x0 === Infinity) return null;
    const box = $("network"), w = box.clientWidth || 800, h = box.clientHeight || 600;
    const scale = Math.max(0.005, Math.min(1.2, (w - 2 * MARGIN) / Math.max(x1 - x0, 1),
      (h - 2.5 * MARGIN) / Math.max(y1 - y0, 1)));
    return { position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + MARGIN / 4 / scale }, scale };
  }

  // -- level of detail ------------------------------------------------------------------
  // At the zoom the view opens at (or has just been fitted to), the most connected shown
  // nodes get labels READ_PX high on screen, as many as fit without overlapping (at most
  // TOP); the next tiers, twice as many each time, half as large, so they become readable
  // as one zooms in; the rest keep the default size, drawn once the zoom makes them large
  // enough (scaling.label.drawThreshold). A search leaves only its hits shown, so they
  // are the ones labelled.
  const TOP = 40, READ_PX = 12.5;
  const BASE = data.options.nodes.font.size;

  function labelTiers(ids, pos, scale) {
    const ranked = ids.map((id) => nodeById.get(id))
      .sort((a, b) => b.deg - a.deg || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const taken = [], want = new Map();
    let tier = 1, end = TOP, room = TOP;
    ranked.forEach((n, i) => {
      const place = room > 0 && i < 4 * TOP ? fits(n, pos[n.id], scale, taken) : null;
      if (place) {
        room -= 1;
        want.set(n.id, place);
        return;
      }
      if (i >= end) { tier += 1; end += TOP * 2 ** tier; }
      const size = Math.round(READ_PX / scale / 2 ** tier);
      if (size > BASE) want.set(n.id, { size });
    });
    return want;
  }

  function applyTiers(want) {
    const before = new Map([...fontSize.keys()].map((id) => [id, fontOf(id)]));
    fontSize.clear();
    want.forEach((v, k) => fontSize.set(k, v));
    capAt = capFor(network.getScale());
    updateFonts(new Set([...before.keys(), ...want.keys()]), before);
  }

  function updateFonts(ids, before) {
    const same = (a, b) => a.size === b.size && a.vadjust === b.vadjust;
    const changed = [...ids].filter((id) => !before.has(id) || !same(before.get(id), fontOf(id)));
    if (changed.length) nodesDS.update(changed.map((id) => ({ id, font: fontOf(id) })));
  }

  // vis-network 9.1.2 does not cap labels at scaling.label.maxVisible (it only fades
  // them): the page does, so a label enlarged for the overview does not fill the screen
  // once one zooms in. The cap moves in steps of √2, so most zooming updates nothing.
  const MAX_PX = data.options.nodes.scaling.label.maxVisible;
  let capAt = Infinity; // canvas units

  function capFor(scale) {
    return Math.max(BASE, Math.SQRT2 ** Math.floor(Math.log(MAX_PX / scale) / Math.log(Math.SQRT2)));
  }

  function capLabels() {
    const cap = capFor(network.getScale());
    if (cap === capAt || !fontSize.size) return;
    const before = new Map([...fontSize.keys()].map((id) => [id, fontOf(id)]));
    capAt = cap;
    updateFonts(new Set(fontSize.keys()), before);
  }

  // Where the node's label, READ_PX high, clears the labels placed so far: under the
  // node, else above it (screen pixels; a CJK character is about one em wide). Its
  // tier entry, or null.
  function fits(n, p, scale, taken) {
    if (!p) return null;
    const w = Math.min(n.label.length, 14) * READ_PX + 6, h = READ_PX * 1.5;
    const x = p.x * scale - w / 2, below = (p.y + n.size) * scale + 1;
    const size = Math.ceil(READ_PX / scale);
    for (const [y, above] of [[below, false], [(p.y - n.size) * scale - h - 1, true]]) {
      if (taken.every((b) => x + w <= b.x || b.x + b.w <= x || y + h <= b.y || b.y + b.h <= y)) {
        taken.push({ x, y, w, h });
        return above ? { size, above } : { size };
      }
    }
    return null;
  }

  function fontOf(id) {
    const tier = fontSize.get(id) || {};
    const f = { size: Math.min(tier.size || BASE, capAt), vadjust: 0 };
    // Above the node: up by the node's height and the label's own.
    if (tier.above) f.vadjust = -(2 * nodeById.get(id).size + 1.25 * f.size);
    if (lit.nodes.has(id) || (state.path && state.path.nodes.has(id))) f.color = look(!state.path || state.path.nodes.has(id)).font;
    return f;
  }

  // -- the network ----------------------------------------------------------------------
  function merge(a, b) {
    const out = Object.assign({}, a);
    for (const [k, v] of Object.entries(b || {})) {
      out[k] = v && typeof v === "object" && !Array.isArray(v) && a && typeof a[k] === "object" ? merge(a[k], v) : v;
    }
    return out;
  }

  function makeData() {
    lit = { nodes: new Set(), edges: new Set() };
    fontSize.clear();
    // Positions computed at build time: the force layout's (or where "Re-run layout"
    // left them), or the columns'.
    const at = (n) => state.layout === "columns" ? { x: n.col[0], y: n.col[1] }
      : forcePositions && forcePositions[n.id] ? forcePositions[n.id] : { x: n.x, y: n.y };
    computeVisible();
    const pos = Object.fromEntries(data.nodes.map((n) => [n.id, at(n)]));
    const ids = [...visible];
    // The opening view and its labels, known before vis-network draws anything.
    opening = viewOf(ids, pos);
    if (opening) labelTiers(ids, pos, opening.scale).forEach((v, k) => fontSize.set(k, v));
    capAt = opening ? capFor(opening.scale) : Infinity;
    shownKey = visible.size + ":" + ids.slice(0, 50).join(",");
    // Only what vis-network draws with (the rest stays in data.nodes / data.edges):
    // creating the network costs less, which counts at thousands of nodes.
    nodesDS = new vis.DataSet(data.nodes.map((n) => Object.assign(
      { id: n.id, label: n.label, group: n.group, shape: n.shape, size: n.size }, pos[n.id],
      fontSize.has(n.id) ? { font: fontOf(n.id) } : {})));
    edgesDS = new vis.DataSet(data.edges.map((e) => ({
      id: e.id, from: e.from, to: e.to, rel: e.rel, score: e.score, arrows: e.arrows,
      color: e.color, dashes: e.dashes, width: e.width })));
    nodeView = new vis.DataView(nodesDS, { filter: (n) => visible.has(n.id) });
    edgeView = new vis.DataView(edgesDS, { filter: edgeShown });
  }

  function createNetwork(opts) {
    if (network) network.destroy();
    document.body.dataset.state = "loading";
    makeData();
    const physics = Boolean(opts && opts.physics) && data.nodes.length > 0;
    const options = merge(data.options, { physics: { enabled: physics } });
    timings.data = performance.now();
    network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, options);
    timings.network = performance.now();
    bindNetworkEvents();
    if (physics) {
      network.once("stabilizationIterationsDone", settle);
    } else {
      if (opening) network.moveTo(Object.assign({ animation: false }, opening));
      network.once("afterDrawing", markStable);
      network.redraw();
    }
    applyHighlight();
    updateStatus();
  }

  // Physics has done its bounded number of iterations: freeze the layout, so a large
  // graph costs nothing while one reads it.
  function settle() {
    network.setOptions({ physics: { enabled: false } });
    // Keep the positions in the data, so nodes a filter hides come back where they were.
    // (Not network.storePositions(): it walks the whole DataSet, and fails on any node
    // the view's filter hides.)
    const pos = network.getPositions();
    nodesDS.update(Object.entries(pos).map(([id, p]) => ({ id, x: p.x, y: p.y })));
    forcePositions = Object.assign(forcePositions || {}, pos);
    showWhatIsVisible(true);
    markStable();
  }

  function markStable() {
    if (stableMs === null) stableMs = performance.now() - T0;
    if (readyMs === null) readyMs = timings.ready = performance.now(); // since navigation started
    layouts += 1;
    document.body.dataset.state = "stable";
    if (state.selected && state.selected.kind === "node" && visible.has(state.selected.id)) {
      network.selectNodes([state.selected.id]);
    }
    if (state.path) fitPath(); // a path asked for (by a link) before the layout was done
  }

  // Run the force layout again over what is shown (say, one document's items, which then
  // draw together), from where the nodes are now. A new network rather than physics
  // switched back on: vis-network keeps its physics lists stale while physics is off.
  function relayout() {
    if (state.layout === "force") forcePositions = Object.assign(forcePositions || {}, network.getPositions());
    else forcePositions = Object.fromEntries(data.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
    state.layout = "force";
    $("layout").value = "force";
    createNetwork({ physics: true });
  }

  function bindNetworkEvents() {
    network.on("stabilizationProgress", (p) => {
      const pct = Math.round((100 * p.iterations) / p.total);
      $("progress-fill").style.width = pct + "%";
      $("progress-text").textContent = `Laying out ${visible.size} nodes… ${pct}%`;
    });
    network.on("click", (p) => {
      hideTooltip(); // the panel now says it all
      if (p.nodes.length) selectNode(p.nodes[0], {});
      else if (p.edges.length) selectEdge(p.edges[0]);
      else clearSelection();
    });
    network.on("doubleClick", (p) => { if (p.nodes.length) showPath(p.nodes[0]); });
    network.on("hoverNode", (p) => showTooltip(nodeTooltip(nodeById.get(p.node)), p.pointer.DOM));
    network.on("hoverEdge", (p) => showTooltip(edgeTooltip(edgeById.get(p.edge)), p.pointer.DOM));
    network.on("blurNode", hideTooltip);
    network.on("blurEdge", hideTooltip);
    network.on("dragStart", hideTooltip);
    network.on("zoom", () => { hideTooltip(); capLabels(); });
    network.on("afterDrawing", capLabels); // after any move: a focus, a fit, an animation
    network.on("beforeDrawing", drawTiles);
  }

  // Each document's box and name, behind the nodes, while nodes stand where the layout
  // put them (not after "Re-run layout" has moved them).
  function drawTiles(ctx) {
    if (state.layout === "force" && forcePositions) return;
    const scale = network.getScale(), pad = data.tileGap / 5;
    // Names 12 px on screen, but never taller than the gap between tiles; hidden when tiny.
    const font = Math.min(12 / scale, data.tileGap * 0.45);
    ctx.save();
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = "#D0D7DE";
    ctx.fillStyle = "#57606A";
    ctx.font = font + "px " + data.options.nodes.font.face;
    ctx.textBaseline = "bottom";
    for (const t of data.tiles[state.layout] || []) {
      if (!state.docs.has(t.doc)) continue;
      ctx.strokeRect(t.x - pad, t.y - pad, t.w + 2 * pad, t.h + 2 * pad);
      const d = docById.get(t.doc);
      if (font * scale >= 7) ctx.fillText(t.doc + (d && d.reports > 1 ? " · " + plural(d.reports, "report") : ""), t.x - pad, t.y - pad - 2 / scale);
    }
    ctx.restore();
  }

  // -- tooltip ------------------------------------------------------------------------
  function showTooltip(content, at) {
    const tip = $("tooltip");
    tip.replaceChildren(content);
    tip.hidden = false;
    const box = $("network").getBoundingClientRect();
    tip.style.left = Math.min(at.x + 14, box.width - tip.offsetWidth - 6) + "px";
    tip.style.top = Math.min(at.y + 14, box.height - tip.offsetHeight - 6) + "px";
  }

  function hideTooltip() {
    $("tooltip").hidden = true;
  }

  function clip(s, n) {
    return s.length > n ? s.slice(0, n - 1) + "…" : s;
  }

  function nodeTooltip(n) {
    return el("div", null, badge(n), el("div", null, el("strong", null, n.full)),
      el("div", { class: "meta" }, n.doc), n.text && n.text !== n.full ? el("div", { class: "t-text" }, clip(n.text, 220)) : null);
  }

  function edgeTooltip(e) {
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    if (e.rel === "partOf") return el("div", null, relTag("partOf"), el("div", null, clip(a.full, 40) + " ⊃ " + clip(b.full, 40)));
    return el("div", null, relTag(e.rel), " ", el("span", { class: "score" }, "score " + e.score.toFixed(2)),
      el("div", null, clip(a.full, 40) + " → " + clip(b.full, 40)), e.cue ? el("div", { class: "t-text" }, "cue: " + e.cue) : null);
  }

  // -- panel --------------------------------------------------------------------------
  function setPanel(...kids) {
    $("panel").replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined));
    $("panel").scrollTop = 0;
  }

  function selectNode(id, opts) {
    if (!nodeById.has(id)) return;
    state.selected = { kind: "node", id };
    if (visible.has(id)) {
      network.selectNodes([id]);
      if (opts.focus) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350 } });
    } else {
      network.unselectAll();
    }
    history.replaceState(null, "", "#node=" + encodeURIComponent(id));
    renderNode(id);
  }

  function selectEdge(id) {
    state.selected = { kind: "edge", id };
    network.selectEdges([id]);
    renderEdge(edgeById.get(id));
  }

  function clearSelection() {
    state.selected = null;
    state.path = null;
    network.unselectAll();
    applyHighlight();
    history.replaceState(null, "", location.pathname + location.search);
    renderDefault();
  }

  function renderNode(id) {
    const n = nodeById.get(id);
    const onPath = state.path && state.path.start === id;
    const doc = data.documents.find((d) => d.id === n.doc);
    setPanel(
      badge(n),
      el("h2", null, n.full),
      el("dl", { class: "kv" },
        el("dt", null, "document"), el("dd", null, n.doc + (doc && doc.path ? "  (" + doc.path + ")" : "")
          + (doc && doc.reports > 1 ? " · report " + ((n.report || 0) + 1) + " of " + doc.reports : "")),
        n.section ? [el("dt", null, "section"), el("dd", null, n.section)] : null,
        el("dt", null, "found by"), el("dd", null, (n.rule || "—") + (n.cue ? " · cue " + n.cue : "")),
        el("dt", null, "position"), el("dd", null, "characters " + n.at[0] + "–" + n.at[1]
          + (n.mentions > 1 ? " · " + plural(n.mentions, "mention") : "")),
        el("dt", null, "id"), el("dd", null, n.id)),
      el("div", { class: "actions" },
        el("button", { type: "button", id: "path-button", onclick: () => (onPath ? clearPath() : showPath(id)) },
          onPath ? "Clear the path" : "Show the path"),
        el("a", { class: "button", href: reportLink(n), title: "This item in the tables of report.html" }, "In the report"),
        visible.has(id) ? null : el("span", { class: "meta" }, "hidden by the filters")),
      n.text ? [el("h3", null, "Text"), el("div", { class: "text" }, n.text)] : null,
      onPath ? pathTree(id) : null,
      relationLists(n));
  }

  // report.html has a row for every problem and cause, a section for every document.
  function reportLink(n) {
    const row = n.group === "Problem" || n.group === "Cause";
    return "report.html#" + (row ? "n-" + encodeURIComponent(n.id) : "doc-" + encodeURIComponent(n.doc));
  }

  function relationLists(n) {
    const out = (outRel.get(n.id) || []), inc = (inRel.get(n.id) || []);
    const groups = [
      ["Caused by · 原因", out.filter((e) => e.rel === "causedBy"), "to"],
      ["Addressed by · 对策", out.filter((e) => e.rel === "addressedBy"), "to"],
      ["Cause of", inc.filter((e) => e.rel === "causedBy"), "from"],
      ["Addresses", inc.filter((e) => e.rel === "addressedBy"), "from"],
    ];
    const parts = [];
    if (n.parent && nodeById.has(n.parent)) parts.push([el("h3", null, "Part of"), el("ul", null, el("li", null, nodeLink(n.parent)))]);
    for (const [title, edges, end] of groups) {
      if (!edges.length) continue;
      const items = edges.slice().sort((a, b) => b.score - a.score).map((e) => el("li", null,
        nodeLink(e[end], el("span", { class: "score" }, e.score.toFixed(2))),
        el("button", { type: "button", class: "evbtn", title: "Why this link?", onclick: () => selectEdge(e.id) }, "evidence")));
      parts.push(el("h3", null, title + " (" + edges.length + ")"), el("ul", null, items));
    }
    const kids = children.get(n.id) || [];
    if (kids.length) parts.push(el("h3", null, "Nested items (" + kids.length + ")"), el("ul", null, kids.map((c) => el("li", null, nodeLink(c)))));
    return parts;
  }

  function evidence(n, range, span) {
    const text = n.text || n.full;
    if (!range) {
      const where = span ? "characters " + span[0] + "–" + span[1] + " of the document" : "no span recorded";
      return [el("p", { class: "meta" }, "The evidence lies outside this item's text (" + where + "); the item reads:"),
        el("div", { class: "text" }, text)];
    }
    return el("div", { class: "text" }, text.slice(0, range[0]), el("mark", null, text.slice(range[0], range[1])), text.slice(range[1]));
  }

  function renderEdge(e) {
    const a = nodeById.get(e.from), b = nodeById.get(e.to);
    if (e.rel === "partOf") {
      setPanel(relTag("partOf"), el("h2", null, "Nested item"), el("ul", null, el("li", null, nodeLink(e.from)), el("li", null, nodeLink(e.to))));
      return;
    }
    const rel = relByName.get(e.rel);
    setPanel(
      relTag(e.rel),
      el("h2", null, a.full + " → " + b.full),
      el("p", { class: "meta" }, rel.description),
      el("dl", { class: "kv" },
        el("dt", null, "score"), el("dd", null, el("span", { class: "scorebar" }, el("span", { style: { width: Math.round(100 * e.score) + "%" } })), " " + e.score.toFixed(2)),
        el("dt", null, "cue"), el("dd", null, e.cue || "—"),
        el("dt", null, "rule"), el("dd", null, e.rule || "—"),
        el("dt", null, "document"), el("dd", null, a.doc)),
      el("h3", null, "From"), nodeLink(e.from), evidence(a, e.ev[0], e.spans[0]),
      el("h3", null, "To"), nodeLink(e.to), evidence(b, e.ev[1], e.spans[1]),
      (e.sentences || []).length ? [el("h3", null, "Evidence sentences"),
        el("ul", { class: "evsent" }, e.sentences.map((t) => el("li", null, t)))] : null,
      cueHelp());
  }

  // The cue quotes the document as written; its signs, in plain words.
  function cueHelp() {
    const rows = data.cueNotation || [];
    if (!rows.length) return null;
    return el("details", { class: "help" }, el("summary", null, "How to read the cue"),
      el("dl", { class: "kv" }, rows.map((r) => [el("dt", null, r[0]), el("dd", null, r[1])])));
  }

  function renderDefault() {
    if (state.query) return renderResults();
    const rels = data.relations.filter((r) => r.name !== "partOf");
    const several = data.documents.filter((d) => d.reports > 1);
    setPanel(
      el("h2", null, "How to read this graph"),
      el("div", { class: "help" },
        el("p", null, "Arrows read the way the ontology does: a problem points to its cause (causedBy, solid) and to the countermeasure that answers it (addressedBy, dashed). Thicker arrows have a higher score."),
        el("p", null, "Click a node for its full text and links, an arrow for the evidence on both sides. \u201cShow the path\u201d (or a double click) lights up a problem's causes and countermeasures, following nested items too."),
        el("ul", null, rels.map((r) => el("li", null, relationSwatch(r), " ", r.name + " · " + r.zh + " — " + r.description)))),
      el("h3", null, "This graph"),
      el("dl", { class: "kv" },
        data.types.map((t) => [el("dt", null, t.name + " " + t.zh), el("dd", null, String(t.count))]),
        el("dt", null, "links"), el("dd", null, String(data.counts.edges)),
        el("dt", null, "documents"), el("dd", null, String(data.documents.length)),
        several.length ? [el("dt", null, "reports"), el("dd", null, several.map((d) => d.id + ": " + plural(d.reports, "report")).join(" · "))] : null));
  }

  function renderResults() {
    const hits = data.nodes.filter((n) => visible.has(n.id));
    setPanel(el("h2", null, plural(hits.length, "matching node")),
      el("ul", null, hits.slice(0, 200).map((n) => el("li", null, nodeLink(n.id)))),
      hits.length > 200 ? el("p", { class: "meta" }, "… and " + (hits.length - 200) + " more") : null);
  }

  // -- the path from a problem to its causes and countermeasures -------------------------
  // Forward from the item: its causes and countermeasures, theirs in turn, and nested
  // items. Backward: what the item explains or answers (for a cause or a countermeasure).
  function linkShown(e) {
    return state.rels.has(e.rel) && e.score + 1e-9 >= state.minScore;
  }

  function pathEdgesTo(id) {
    return (inRel.get(id) || []).filter(linkShown);
  }

  function pathEdgesFrom(id) {
    const rels = (outRel.get(id) || []).filter(linkShown);
    const parts = state.rels.has("partOf") ? (children.get(id) || []).map((c) => edgeById.get(partEdge.get(id + "\u0000" + c))) : [];
    return rels.concat(parts); // the item's own links first, then its nested items
  }

  function walk(start, next, end, nodes, edges) {
    const seen = new Set([start]), queue = [start];
    while (queue.length) {
      for (const e of next(queue.shift())) {
        edges.add(e.id);
        nodes.add(e[end]);
        if (!seen.has(e[end])) { seen.add(e[end]); queue.push(e[end]); }
      }
    }
  }

  function computePath(start) {
    const nodes = new Set([start]), edges = new Set();
    walk(start, pathEdgesFrom, "to", nodes, edges);
    walk(start, pathEdgesTo, "from", nodes, edges);
    const parent = nodeById.get(start).parent; // context: the group the item belongs to
    if (parent && nodeById.has(parent)) {
      nodes.add(parent);
      const pe = partEdge.get(parent + "\u0000" + start);
      if (pe) edges.add(pe);
    }
    return { start, nodes, edges };
  }

  // Forward rows read "causedBy → X"; backward rows read "X causedBy →" (X points here).
  function tree(start, next, end) {
    const seen = new Set([start]);
    function branch(id, depth) {
      const items = [];
      for (const e of next(id)) {
        const again = seen.has(e[end]);
        seen.add(e[end]);
        const row = end === "to" ? [relTag(e.rel), " ", nodeLink(e.to)]
          : [nodeLink(e.from), " ", relTag(e.rel), el("span", { class: "meta" }, " →")];
        items.push(el("li", null, row,
          again ? el("span", { class: "meta" }, " (above)") : null,
          !again && depth < 8 ? branch(e[end], depth + 1) : null));
      }
      return items.length ? el("ul", null, items) : null;
    }
    return branch(start, 0);
  }

  function pathTree(start) {
    const down = tree(start, pathEdgesFrom, "to");
    const up = tree(start, pathEdgesTo, "from");
    return [
      el("h3", null, "Path: causes and countermeasures"),
      el("div", { class: "tree" }, down || el("p", { class: "meta" }, "None linked to this item (with the current filters).")),
      up ? [el("h3", null, "Explains or answers"), el("div", { class: "tree" }, up)] : null,
    ];
  }

  function showPath(id) {
    state.path = computePath(id);
    applyHighlight();
    fitPath();
    selectNode(id, {});
  }

  function fitPath() {
    const ids = [...state.path.nodes].filter((x) => visible.has(x));
    if (ids.length > 1) network.fit({ nodes: ids, animation: false });
    capLabels();
  }

  function clearPath() {
    state.path = null;
    applyHighlight();
    if (state.selected && state.selected.kind === "node") renderNode(state.selected.id);
  }

  // A path dims everything else: the faint look is set once as the default of all nodes
  // and edges, and only the few items on the path (and those lit before) are updated, so
  // showing a path costs little even on a graph of thousands of nodes.
  const INK = data.options.nodes.font.color, FAINT = "#C9D1D9";
  function look(on) {
    return on ? { node: 1, font: INK, edge: 1 } : { node: 0.15, font: FAINT, edge: 0.07 };
  }

  function applyHighlight() {
    const p = state.path;
    if (!p && !lit.nodes.size && !lit.edges.size) return;
    const base = look(!p);
    network.setOptions({ nodes: { opacity: base.node, font: { color: base.font } },
                         edges: { color: { opacity: base.edge } } });
    const nodes = new Set([...lit.nodes, ...(p ? p.nodes : [])]);
    const edges = new Set([...lit.edges, ...(p ? p.edges : [])]);
    nodesDS.update([...nodes].map((id) => {
      const l = look(!p || p.nodes.has(id));
      return { id, opacity: l.node, font: Object.assign(fontOf(id), { color: l.font }) };
    }));
    edgesDS.update([...edges].map((id) => ({
      id, color: Object.assign({}, edgeById.get(id).color, { opacity: look(!p || p.edges.has(id)).edge }),
    })));
    lit = p ? { nodes: new Set(p.nodes), edges: new Set(p.edges) } : { nodes: new Set(), edges: new Set() };
  }


  // -- controls -------------------------------------------------------------------------
  function checkbox(checked, label, onchange) {
    return el("input", Object.assign({ type: "checkbox", "aria-label": label, onchange }, checked ? { checked: "" } : {}));
  }

  function buildControls() {
    // vis-network says "blur" only while the pointer moves over its canvas.
    $("network").addEventListener("mouseleave", hideTooltip);
    $("types").replaceChildren(...data.types.map((t) => el("li", null, el("label", { title: t.name },
      checkbox(true, "Show " + t.name, (ev) => toggle(state.types, t.name, ev.target.checked)),
      el("span", null, typeSwatch(t)), el("span", null, t.name + " · " + t.zh), el("span", { class: "count" }, String(t.count))))));
    $("relations").replaceChildren(...data.relations.map((r) => el("li", null, el("label", { title: r.description },
      checkbox(true, "Show " + r.name, (ev) => toggle(state.rels, r.name, ev.target.checked)),
      el("span", null, relationSwatch(r)), el("span", null, r.name + " · " + r.zh),
      el("span", { class: "count" }, String(r.name === "partOf" ? data.counts.partOf : data.edges.filter((e) => e.rel === r.name).length))))));
    $("docs").replaceChildren(...data.documents.map((d) => el("li", null, el("label", { title: d.path || d.id },
      checkbox(true, "Show document " + d.id, (ev) => toggle(state.docs, d.id, ev.target.checked)),
      el("span", { class: "name" }, d.id, d.reports > 1 ? el("small", null, " · " + plural(d.reports, "report")) : null),
      el("span", { class: "count" }, String(d.nodes))))));
    $("docs-all").addEventListener("click", () => setAllDocs(true));
    $("docs-none").addEventListener("click", () => setAllDocs(false));
    $("minscore").min = String(lowScore);
    $("minscore").value = String(lowScore);
    $("minscore-value").textContent = lowScore.toFixed(2);
    $("minscore").addEventListener("input", (ev) => {
      state.minScore = Number(ev.target.value);
      $("minscore-value").textContent = state.minScore.toFixed(2);
      applyFilters();
    });
    let timer = null;
    $("search").addEventListener("input", (ev) => {
      clearTimeout(timer);
      timer = setTimeout(() => search(ev.target.value), 120);
    });
    $("search").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { clearTimeout(timer); search(ev.target.value); firstHit(); }
      if (ev.key === "Escape") { ev.target.value = ""; search(""); }
    });
    $("layout").addEventListener("change", (ev) => { state.layout = ev.target.value; createNetwork(); });
    $("relayout").addEventListener("click", relayout);
    $("fit").addEventListener("click", () => showWhatIsVisible(true));
    document.addEventListener("keydown", (ev) => {
      const at = document.activeElement;
      const typing = at && (at.tagName === "SELECT" || (at.tagName === "INPUT" && /^(text|search)$/.test(at.type)));
      if (ev.key === "Escape" && !typing) clearSelection();
      if (ev.key === "/" && !typing) { ev.preventDefault(); $("search").focus(); }
    });
    window.addEventListener("hashchange", fromHash);
  }

  function toggle(set, value, on) {
    if (on) set.add(value); else set.delete(value);
    applyFilters();
  }

  function setAllDocs(on) {
    state.docs = new Set(on ? data.documents.map((d) => d.id) : []);
    document.querySelectorAll("#docs input").forEach((box) => { box.checked = on; });
    applyFilters();
  }

  function search(q) {
    state.query = q.trim().toLowerCase();
    applyFilters();
    if (!state.selected) renderDefault();
  }

  function firstHit() {
    const hit = data.nodes.find((n) => visible.has(n.id));
    if (hit) selectNode(hit.id, { focus: true });
  }

  function fromHash() {
    const m = /^#node=(.+)$/.exec(location.hash);
    if (!m) return;
    const id = decodeURIComponent(m[1]);
    if (nodeById.has(id) && !(state.path && state.path.start === id)) showPath(id);
  }

  // -- start ----------------------------------------------------------------------------
  buildControls();
  renderDefault();
  if (!data.nodes.length) $("progress-text").textContent = "This graph has no nodes.";
  createNetwork();
  fromHash();

  // For tests and benchmarks: what vis-network has actually drawn, and when it came to rest.
  window.policykg = {
    data,
    get network() { return network; },
    get stableMs() { return stableMs; },
    get readyMs() { return readyMs; },
    timings,
    get layouts() { return layouts; },
    state,
    drawn() {
      const body = network.body;
      let relations = 0, partOf = 0;
      for (const id of body.edgeIndices) {
        if (edgeById.get(id).rel === "partOf") partOf += 1; else relations += 1;
      }
      return { nodes: body.nodeIndices.length, edges: relations, partOf };
    },
    selectNode: (id) => selectNode(id, { focus: false }),
    selectEdge,
    showPath,
    clearSelection,
  };
})();
