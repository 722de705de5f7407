// Bidder check: USCCs (typed, pasted or from a file) → verdict table with legal basis and
// evidence → graph of the evidence paths. The Excel export is the form's own POST.
import { gql, el, setStatus, VERDICTS } from "./common.js";
import { Graph, nodeLabel } from "./graph.js";

const PATH = "length nodes { id kind name uscc maskedId } relationships { type start end role ratio source }";
const CHECK = `query Check($usccs: [String!]!, $asOf: Date, $tender: String) {
  bidderCheck(usccs: $usccs, asOf: $asOf, tender: $tender) {
    asOf disclaimer unknownUsccs
    pairs { verdict legalBasis a { uscc name } b { uscc name }
      evidence { kind verdict description path { ${PATH} } } }
    listedBidders { entity { uscc name } listings { listName listedOn reason inEffect } } } }`;

const $ = (id) => document.getElementById(id);
const graph = new Graph($("graph"));

export function usccsOf(text) {
  return [...new Set(text.toUpperCase().split(/[\s,，;；、]+/).filter(Boolean))];
}

function parseCsv(text) {
  const rows = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = [];
    let cell = "", quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"' && quoted && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = !quoted;
      else if (ch === "," && !quoted) { cells.push(cell.trim()); cell = ""; }
      else cell += ch;
    }
    cells.push(cell.trim());
    rows.push(cells);
  }
  return rows;
}

// A bids file (shared/formats.md §6) gives the bidders' codes and the tender; anything else is a list.
function readList(text) {
  const rows = parseCsv(text);
  const header = rows[0] || [];
  const col = header.findIndex((h) => h.includes("统一社会信用代码"));
  if (col < 0) return { usccs: usccsOf(text), tender: null };
  const project = header.indexOf("项目编号"), lot = header.indexOf("标段");
  const body = rows.slice(1);
  const tenders = new Set(body.map((r) => project >= 0 ? [r[project], lot >= 0 ? r[lot] : ""].filter(Boolean).join("/") : ""));
  return { usccs: usccsOf(body.map((r) => r[col] || "").join("\n")), tender: tenders.size === 1 ? [...tenders][0] || null : null };
}

function pathText(path) {
  return path.nodes.map(nodeLabel).join(" — ");
}

function show(check) {
  $("disclaimer").textContent = check.disclaimer;
  $("disclaimer").hidden = false;
  const rows = check.pairs.map((pair, i) => el("tr", { dataset: { verdict: pair.verdict }, id: `pair-${i}` },
    el("td", {}, pair.a.name, el("br"), el("small", {}, pair.a.uscc || "")),
    el("td", {}, pair.b.name, el("br"), el("small", {}, pair.b.uscc || "")),
    el("td", {}, el("span", { className: `badge v-${pair.verdict}` }, VERDICTS[pair.verdict] || pair.verdict)),
    el("td", {}, el("small", {}, pair.legalBasis)),
    el("td", {}, el("ul", {}, pair.evidence.map((e) => el("li", {}, `[${VERDICTS[e.verdict]}] ${e.description}`,
      el("br"), el("small", { className: "muted" }, pathText(e.path)))))),
    el("td", {}, el("button", { type: "button", className: "small", onclick: () => focus(check, i) }, "在图中查看"))));
  const listed = check.listedBidders.flatMap((b) => b.listings.filter((l) => l.inEffect).map((l) =>
    el("li", {}, el("span", { className: "black" }, b.entity.name), `（${b.entity.uscc || ""}）列入${l.listName}`,
      l.listedOn ? `，${l.listedOn}` : "", l.reason ? `，${l.reason}` : "")));
  $("result").replaceChildren(
    el("p", {}, `核查基准日 ${check.asOf}；发现 ${check.pairs.length} 对存在关联的投标人。`),
    check.pairs.length ? el("table", { id: "verdicts" },
      el("thead", {}, el("tr", {}, ["投标人A", "投标人B", "结论", "法律依据", "证据", ""].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)) : el("p", { className: "muted" }, "投标人之间未发现关联。"),
    listed.length ? el("div", {}, el("h3", {}, "在列失信投标人"), el("ul", {}, listed)) : "",
    check.unknownUsccs.length ? el("p", { className: "error" }, `图谱中未找到：${check.unknownUsccs.join("、")}`) : "");
  draw(check);
}

function draw(check) {
  graph.clear();
  const bidders = new Set();
  for (const pair of check.pairs) {
    for (const e of pair.evidence) graph.addPath(e.path);
    for (const side of [pair.a, pair.b]) if (side.uscc) bidders.add(side.uscc);
  }
  const ids = graph.cy.nodes().filter((n) => bidders.has(n.data("uscc"))).map((n) => n.id());
  graph.mark(ids, "bidder");
  const listed = new Set(check.listedBidders.filter((b) => b.listings.some((l) => l.inEffect)).map((b) => b.entity.uscc));
  graph.mark(graph.cy.nodes().filter((n) => listed.has(n.data("uscc"))).map((n) => n.id()), "listed");
  graph.layout();
}

function focus(check, index) {
  document.querySelectorAll("#verdicts tr.selected").forEach((r) => r.classList.remove("selected"));
  $(`pair-${index}`).classList.add("selected");
  graph.highlight(check.pairs[index].evidence.map((e) => e.path));
  $("graph").scrollIntoView({ behavior: "smooth", block: "center" });
}

async function run() {
  const status = $("check-status");
  const usccs = usccsOf($("usccs").value);
  if (usccs.length < 2) return setStatus(status, "请至少输入两个统一社会信用代码。", "error");
  setStatus(status, `正在核查 ${usccs.length} 个投标人……`);
  try {
    const data = await gql(CHECK, { usccs, asOf: $("as-of").value || null, tender: $("tender").value.trim() || null });
    show(data.bidderCheck);
    setStatus(status, "核查完成。", "ok");
  } catch (err) {
    setStatus(status, err.forbidden ? "投标人关联核查需要调查人员及以上权限，请登录。" : `核查失败：${err.message}`, "error");
  }
}

$("run").addEventListener("click", run);
$("file").addEventListener("change", async () => {
  const file = $("file").files[0];
  if (!file) return;
  const { usccs, tender } = readList(await file.text());
  $("usccs").value = usccs.join("\n");
  if (tender) $("tender").value = tender;
  setStatus($("check-status"), `已从 ${file.name} 读入 ${usccs.length} 个代码${tender ? `，标段 ${tender}` : ""}。`, "ok");
});
$("check-form").addEventListener("submit", (event) => {
  if (usccsOf($("usccs").value).length < 2) {
    event.preventDefault();
    setStatus($("check-status"), "请至少输入两个统一社会信用代码。", "error");
  }
});
