// 股权穿透: the holding tree of one company, upwards (holders, declared controllers) and downwards
// (companies held), with each step's share, the effective share and the ultimate controllers marked.
import { gql, el, setStatus } from "./common.js";

const LEVELS = 5;  // nested `children` selections: the deepest tree the page asks for
const SUBJECT = "subject { id kind name uscc maskedId }";
const STEP = `${SUBJECT} relation ratio effectiveShare controls ultimateController`;
const nest = (depth) => depth ? `${STEP} children { ${nest(depth - 1)} }` : STEP;
const QUERY = (key) => `query Ownership($v: ${key === "uscc" ? "String" : "ID"}, $depth: Int!, $asOf: Date) {
  entity(${key}: $v, asOf: $asOf) { id name uscc
    ownership(depth: $depth) { root { id name uscc } truncated up { ${nest(LEVELS - 1)} } down { ${nest(LEVELS - 1)} } }
    controllers { ${SUBJECT} kind declared effectiveShare path { nodes { id name } } } } }`;
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const $ = (id) => document.getElementById(id);
const pct = (ratio) => ratio === null || ratio === undefined ? "比例未登记" : `${Math.round(ratio * 10000) / 100}%`;

function who(subject) {
  if (!subject.id) return el("span", { className: "muted" }, "自然人（需调查人员权限查看）");
  const name = `${subject.name || "（未命名）"}${subject.maskedId ? `（${subject.maskedId}）` : ""}`;
  return el("a", { href: `/explore?id=${encodeURIComponent(subject.id)}` }, name);
}

function branch(nodes) {
  return el("ul", {}, nodes.map((n) => el("li", { dataset: { subject: n.subject.id, ultimate: String(n.ultimateController) } },
    el("span", { className: [n.controls ? "controls" : "", n.ultimateController ? "ultimate" : ""].join(" ").trim() },
      who(n.subject)),
    el("span", { className: "share" }, n.relation === "ACTUAL_CONTROLLER_OF" ? "登记的实际控制人" : `持股 ${pct(n.ratio)}`,
      `，穿透 ${pct(n.effectiveShare)}`),
    n.controls ? el("span", { className: "badge v-SUSPECTED" }, "控股") : "",
    n.ultimateController ? el("span", { className: "badge v-BARRED" }, "最终控制人") : "",
    n.children.length ? branch(n.children) : "")));
}

function tree(nodes, empty) {
  return nodes.length ? branch(nodes) : el("p", { className: "muted" }, empty);
}

async function show(value, depth, asOf) {
  const status = $("owner-status");
  const code = value.trim().toUpperCase();
  const key = USCC_RE.test(code) ? "uscc" : "id";
  setStatus(status, "正在穿透……");
  try {
    const entity = (await gql(QUERY(key), { v: key === "uscc" ? code : value.trim(), depth, asOf })).entity;
    if (!entity) return setStatus(status, "图谱中没有该企业。", "error");
    const own = entity.ownership;
    const root = el("p", {}, "本企业：", el("strong", {}, entity.name), entity.uscc ? `（${entity.uscc}）` : "");
    $("owner-up").replaceChildren(root, tree(own ? own.up : [], "没有登记的股东或实际控制人。"));
    $("owner-down").replaceChildren(root.cloneNode(true), tree(own ? own.down : [], "没有对外投资的企业。"));
    $("owner-controllers").replaceChildren(entity.controllers.length
      ? el("ul", {}, entity.controllers.map((c) => el("li", { className: "controller" }, el("span", { className: "ultimate" }, who(c.subject)),
        `：${c.kind}${c.declared ? "（登记）" : ""}，穿透持股 ${pct(c.effectiveShare)}；控制路径：`,
        c.path.nodes.map((n) => n.name || "自然人").join(" → "))))
      : el("p", { className: "muted" }, "没有持股超过 50% 的控股股东或登记的实际控制人。"));
    setStatus(status, `${entity.name}：${depth} 层股权穿透${own && own.truncated ? "（集团过大，部分路径未显示）" : ""}。`, "ok");
    history.replaceState(null, "", `/ownership?id=${encodeURIComponent(entity.id)}&depth=${depth}${asOf ? `&asOf=${asOf}` : ""}`);
  } catch (err) {
    setStatus(status, `穿透查询失败：${err.message}`, "error");
  }
}

$("owner-form").addEventListener("submit", (event) => {
  event.preventDefault();
  show($("owner-subject").value, Number($("owner-depth").value), $("owner-as-of").value || null);
});

const params = new URLSearchParams(location.search);
if (/^[1-5]$/.test(params.get("depth") || "")) $("owner-depth").value = params.get("depth");
if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") || "")) $("owner-as-of").value = params.get("asOf");
const initial = params.get("id") || params.get("uscc");
if (initial) {
  $("owner-subject").value = initial;
  show(initial, Number($("owner-depth").value), $("owner-as-of").value || null);
}
