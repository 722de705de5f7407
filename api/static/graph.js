// The association graph on cytoscape.js (vendored, see static/vendor): node types styled, listed
// subjects ringed in red, evidence paths in yellow. Nodes come from the API's Path objects.

const KIND_CLASS = {
  Entity: "entity", Person: "person", Case: "case", Listing: "listing",
  Address: "contact", Phone: "contact", Email: "contact", Licence: "licence", Authority: "authority",
};
// Every kind the API's neighbourhood expands (queries/paths.py EXPANDABLE).
export const EXPANDABLE = new Set(["Entity", "Person", "Address", "Phone", "Email", "Case", "Listing", "Licence",
  "Bid", "Identifier", "Tender", "Authority"]);

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "font-size": 13, "text-wrap": "ellipsis", "text-max-width": 120,
    "text-valign": "bottom", "text-margin-y": 4, color: "#1f2933", width: 26, height: 26,
    "background-color": "#a78bfa", "border-width": 1, "border-color": "#fff" } },
  { selector: "node.entity", style: { shape: "round-rectangle", "background-color": "#3b82f6", width: 34 } },
  { selector: "node.person", style: { shape: "ellipse", "background-color": "#10b981" } },
  // Homonym-safe: a verified person (ID-number identity) is solid; a record-scoped one hollow and dashed.
  { selector: "node.person.verified", style: { "border-width": 3, "border-color": "#065f46" } },
  { selector: "node.person.scoped", style: { "background-color": "#d1fae5", "border-width": 2,
    "border-style": "dashed", "border-color": "#059669", color: "#4b5563", "font-style": "italic" } },
  { selector: "node.case", style: { shape: "diamond", "background-color": "#f59e0b" } },
  { selector: "node.listing", style: { shape: "octagon", "background-color": "#ef4444", width: 20, height: 20 } },
  { selector: "node.contact", style: { shape: "triangle", "background-color": "#9ca3af", width: 20, height: 20 } },
  { selector: "node.licence", style: { shape: "rectangle", "background-color": "#14b8a6", width: 20, height: 16 } },
  { selector: "node.authority", style: { shape: "hexagon", "background-color": "#64748b", width: 22, height: 22 } },
  { selector: "node.bidder", style: { "background-color": "#1e3a8a", width: 40, height: 30, "font-weight": 700 } },
  { selector: "node.listed", style: { "border-width": 4, "border-color": "#dc2626" } },
  { selector: "node.centre", style: { "underlay-color": "#60a5fa", "underlay-opacity": 0.25, "underlay-padding": 8 } },
  { selector: "node:selected", style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.3 } },
  { selector: "edge", style: {
    width: 1.5, "line-color": "#b6c2d1", "target-arrow-color": "#b6c2d1", "target-arrow-shape": "triangle",
    "curve-style": "bezier", label: "data(label)", "font-size": 10, color: "#616e7c",
    "text-rotation": "autorotate", "text-background-color": "#fbfcfe", "text-background-opacity": 1 } },
  { selector: "edge.onpath", style: { "line-color": "#facc15", "target-arrow-color": "#eab308", width: 4 } },
  { selector: "node.onpath", style: { "border-width": 3, "border-color": "#eab308" } },
  { selector: "node.pinned", style: { "outline-width": 2, "outline-color": "#0f2747", "outline-offset": 3 } },
  { selector: ".filtered", style: { display: "none" } },
  { selector: "node.listed.onpath", style: { "border-color": "#dc2626" } },
];

const REL_LABELS = {
  LEGAL_REP_OF: "法定代表人", SHAREHOLDER_OF: "股东", OFFICER_OF: "任职", LOCATED_AT: "地址",
  HAS_PHONE: "电话", HAS_EMAIL: "邮箱", SUBMITTED: "投标", USED: "使用", MANAGED_BY: "项目负责人",
  CONTACT: "联系人", LISTED_IN: "列入", PARTY_TO: "当事人", BID_FOR: "投标项目", HOLDS: "许可",
  ISSUED_BY: "许可机关", DECIDED_BY: "处罚机关", LISTED_BY: "列入机关", IMPOSES: "处罚种类", VIOLATED: "违反",
  APPLIED: "依据", VIA_AGENT: "招标代理", ACTUAL_CONTROLLER_OF: "实际控制人",
};

export function relLabel(rel) {
  const base = REL_LABELS[rel.type] || rel.type;
  return rel.ratio ? `${base} ${Math.round(rel.ratio * 1000) / 10}%` : base;
}

const KIND_NAMES = { Bid: "投标文件", Tender: "招标项目", Case: "处罚案件", Listing: "名单", Licence: "行政许可",
  Identifier: "投标标识", Authority: "机关" };

export function nodeLabel(node) {
  const name = node.name || KIND_NAMES[node.kind] || "（未命名）";
  if (node.maskedId) return `${name}（${node.maskedId}）`;
  return node.kind === "Person" && node.verified === false ? `${name}（未核验）` : name;
}

// Why a person node stands alone: the identity rule it was made by (formats.md), for hover and tap.
export function identityReason(node) {
  if (node.kind !== "Person" || node.verified === null || node.verified === undefined) return "";
  return node.verified
    ? "身份已核验：按身份证号（加密摘要）识别，同一证件号的记录归为同一人。"
    : `未核验，仅限本条记录${node.scope ? `（${node.scope}）` : ""}：无有效身份证号，同名者不合并，可能不是同一人。`;
}

function personClass(node) {
  if (node.kind !== "Person" || node.verified === null || node.verified === undefined) return [];
  return [node.verified ? "verified" : "scoped"];
}

export class Graph {
  constructor(container, { onTap, onEdge } = {}) {
    this.cy = window.cytoscape({ container, style: STYLE, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
    if (onTap) this.cy.on("tap", "node", (event) => onTap(event.target.data()));
    if (onEdge) this.cy.on("tap", "edge", (event) => onEdge(event.target.data()));
    // The reason a person is (or is not) one identity, on hover: the canvas has no title of its own.
    this.cy.on("mouseover", "node", (event) => {
      container.title = identityReason(event.target.data()) || event.target.data("label") || "";
    });
    this.cy.on("mouseout", "node", () => { container.title = ""; });
    this.hidden = new Set();  // relationship types filtered out
    window.cgGraph = this.cy;  // for the browser tests and the console
  }

  get size() { return this.cy.nodes().length; }

  has(id) { return this.cy.getElementById(id).nonempty(); }

  addNode(node, classes = []) {
    const existing = this.cy.getElementById(node.id);
    if (existing.nonempty()) {
      if (node.name && !existing.data("name")) existing.data({ ...node, label: nodeLabel(node) });
      classes.forEach((c) => existing.addClass(c));
      return false;
    }
    this.cy.add({ group: "nodes", data: { ...node, label: nodeLabel(node) }, position: this.nextPosition(),
      classes: [KIND_CLASS[node.kind] || "other", ...personClass(node), ...classes].join(" ") });
    return true;
  }

  // New nodes start on a ring around the node being expanded, so the layout only refines.
  around(id) {
    const centre = this.cy.getElementById(id);
    this.anchor = centre.nonempty() ? { ...centre.position() } : { x: 0, y: 0 };
    this.placed = 0;
  }

  nextPosition() {
    const { x, y } = this.anchor || { x: 0, y: 0 };
    const n = (this.placed = (this.placed || 0) + 1);
    const angle = n * 2.4, radius = 110 + 12 * Math.floor(n / 8);
    return { x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) };
  }

  // A Path (nodes + relationships); returns the ids of nodes it added.
  addPath(path, classes = []) {
    const added = [];
    for (const node of path.nodes) {
      if (this.addNode(node, classes)) added.push(node.id);
    }
    for (const rel of path.relationships) {
      const id = `${rel.start}|${rel.type}|${rel.end}`;
      if (!this.has(rel.start) || !this.has(rel.end)) continue;
      if (!this.has(id)) {
        const edge = this.cy.add({ group: "edges", data: { id, source: rel.start, target: rel.end, label: relLabel(rel),
          type: rel.type, sourceName: rel.source } });
        if (this.hidden.has(rel.type)) edge.addClass("filtered");
      }
      classes.forEach((c) => this.cy.getElementById(id).addClass(c));
    }
    return added;
  }

  highlight(paths) {
    this.cy.elements().removeClass("onpath");
    for (const path of paths) {
      path.nodes.forEach((n) => this.cy.getElementById(n.id).addClass("onpath"));
      path.relationships.forEach((r) => this.cy.getElementById(`${r.start}|${r.type}|${r.end}`).addClass("onpath"));
    }
  }

  mark(ids, cls) { ids.forEach((id) => this.cy.getElementById(id).addClass(cls)); }

  clear() { this.cy.elements().remove(); this.laidOut = false; }

  // Pinned nodes stay where they are, whatever the layout does (the user placed them).
  pin(id, on) {
    const node = this.cy.getElementById(id);
    if (on) node.lock().addClass("pinned"); else node.unlock().removeClass("pinned");
    return on;
  }

  pinned(id) { return this.cy.getElementById(id).hasClass("pinned"); }

  // Stable, incremental: the first drawing is laid out freely; after that only the new nodes
  // move (they start beside the node they were expanded from), every existing node is held.
  layout(added = null) {
    // Nothing to keep in place yet (a first drawing, or only its centre): lay everything out.
    const first = added === null || !this.laidOut || this.size - added.length <= 1;
    const fresh = first ? this.cy.nodes() : this.cy.collection(added.map((id) => this.cy.getElementById(id)));
    const held = this.cy.nodes().not(fresh).filter((n) => !n.locked());
    held.lock();
    this.cy.layout({ name: "cose", animate: false, randomize: first && this.size > 2, nodeRepulsion: () => 20000,
      idealEdgeLength: () => 70, nodeOverlap: 40, nodeDimensionsIncludeLabels: true, padding: 30, fit: false }).run();
    held.unlock();
    this.laidOut = true;
    this.cy.fit(this.cy.elements(":visible"), 30);
  }

  // Hide relationships of the given types, and the nodes reached only through them.
  filter(hiddenTypes) {
    this.hidden = new Set(hiddenTypes);
    this.cy.batch(() => {
      this.cy.edges().forEach((e) => { e.toggleClass("filtered", this.hidden.has(e.data("type"))); });
      this.cy.nodes().forEach((n) => {
        const edges = n.connectedEdges();
        n.toggleClass("filtered", !n.hasClass("centre") && edges.nonempty() && edges.every((e) => e.hasClass("filtered")));
      });
    });
  }

  // The subgraph on screen (filters applied), as plain data for CSV / JSON.
  visible() {
    const nodes = this.cy.nodes().not(".filtered").map((n) => {
      const d = n.data();
      return { id: d.id, kind: d.kind, name: d.name || "", uscc: d.uscc || "", maskedId: d.maskedId || "",
        verified: d.verified === undefined ? null : d.verified };
    });
    const edges = this.cy.edges().not(".filtered").map((e) => {
      const d = e.data();
      return { source: d.source, target: d.target, type: d.type, label: d.label, source_dataset: d.sourceName || "" };
    });
    return { nodes, edges };
  }

  png() { return this.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }); }
}
