// Bidder check: USCCs (typed, pasted or from a file parsed on the server) → verdict table with legal basis and
// evidence → graph of the evidence paths. The Excel export is the form's own POST. Both carry the session's
// 查询事由 (asked once, common.js).
import { gql, el, setStatus, upload, UploadFailure, VERDICTS, purpose, showPurpose } from "./common.js";
import { Graph, nodeLabel } from "./graph.js";

const PATH = "length nodes { id kind name uscc maskedId } relationships { type start end role ratio source }";
const CHECK = `query Check($usccs: [String!]!, $purpose: String!, $asOf: Date, $tender: String) {
  bidderCheck(usccs: $usccs, purpose: $purpose, asOf: $asOf, tender: $tender) {
    asOf disclaimer unknownUsccs
    pairs { verdict legalBasis a { uscc name } b { uscc name }
      evidence { kind verdict description path { ${PATH} } } }
    listedBidders { entity { uscc name } listings { listName listedOn reason inEffect } } } }`;

const $ = (id) => document.getElementById(id);
const graph = new Graph($("graph"));

export function usccsOf(text) {
  return [...new Set(text.toUpperCase().split(/[\s,，;；、]+/).filter(Boolean))];
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
// Lists are parsed on the server by the ingest readers: XLSX, CSV in UTF-8 or GBK, TXT one per line.
$("file").addEventListener("change", async () => {
  const file = $("file").files[0], problems = $("file-problems"), status = $("check-status");
  problems.replaceChildren();
  problems.hidden = true;
  if (!file) return;
  setStatus(status, `正在读取 ${file.name}……`);
  try {
    const list = await upload("/bidders/upload", file, Number($("file").dataset.maxBytes) || 0);
    if (list.problems.length) throw new UploadFailure(list.error, list.problems);
    $("usccs").value = list.usccs.join("\n");
    if (list.tender) $("tender").value = list.tender;
    setStatus(status, `已从 ${list.name} 读入 ${list.usccs.length} 个代码${list.tender ? `，标段 ${list.tender}` : ""}。`, "ok");
  } catch (err) {
    setStatus(status, err.message, "error");
    problems.replaceChildren(...(err.problems || []).map((p) => el("li", {}, p)));
    problems.hidden = !problems.children.length;
  }
});
$("check-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (usccsOf($("usccs").value).length < 2) return setStatus($("check-status"), "请至少输入两个统一社会信用代码。", "error");
  try {
    $("purpose").value = document.body.dataset.role === "public" ? "" : await purpose();
  } catch (err) {
    return setStatus($("check-status"), err.message, "error");
  }
  event.target.submit();  // the browser's own POST: the .xlsx downloads
});
showPurpose();
