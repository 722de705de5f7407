// Explorer: search → credit profile → association graph (expand on click, capped) → paths. The association
// queries carry the session's 查询事由 (`$purpose`, asked once by common.js).
import { gql, el, setStatus, kv, yuan, USCC, showPurpose, purpose } from "./common.js";
import { Graph, EXPANDABLE } from "./graph.js";

const EXPAND_CAP = 12;    // neighbours added per click; the rest are counted, not drawn
const MAX_NODES = 150;    // beyond this the picture stops being readable

const PATH = "length nodes { id kind name uscc maskedId } relationships { type start end role ratio source }";
const SEARCH = `query Search($name: String!) { searchEntities(name: $name, first: 20) {
  totalCount edges { node { id kind name uscc maskedId } } } }`;
const LISTING = "listName polarity listedOn removedOn reason authority inEffect";
const ENTITY = `query Profile($uscc: String, $id: ID) { entity(uscc: $uscc, id: $id) { id uscc name kind status foundedOn
  registeredCapitalYuan addresses phones legalRepresentative { id name maskedId }
  shareholders { name kind ratio } officers { role person { id name } }
  cases { decisionNo decisionDate authority { name } violation totalFineYuan severity sanctions { type amountYuan } }
  listings { ${LISTING} } licences { docNo certName validTo authority } } }`;
const PERSON = `query Person($id: ID!, $purpose: String!) { person(id: $id, purpose: $purpose) { id name maskedId verified
  roles { role ratio entity { uscc name } } listings { ${LISTING} } } }`;
const NEIGHBOURS = `query Around($id: ID!, $purpose: String!, $first: Int, $after: String) {
  neighbourhood(id: $id, purpose: $purpose, first: $first, after: $after) { total more items { ${PATH} } } }`;
const PATHS = `query Between($from: ID!, $to: ID!, $hops: Int!, $purpose: String!) {
  path(from: $from, to: $to, maxHops: $hops, purpose: $purpose) { ${PATH} } }`;

const KIND_NAMES = { Entity: "企业", Person: "人员", Case: "处罚案件", Listing: "名单", Address: "地址", Phone: "电话",
  Email: "邮箱", Bid: "投标文件", Identifier: "投标标识" };
const ENTITY_KINDS = { company: "企业法人", individual_business: "个体工商户", organisation: "其他组织" };
const $ = (id) => document.getElementById(id);
const graph = new Graph($("graph"), { onTap: (node) => select(node) });
const expanded = new Map();  // node id → how many neighbours are drawn
let selected = null;

function listingTable(listings) {
  if (!listings.length) return el("p", { className: "muted" }, "无名单记录。");
  return el("table", {}, el("thead", {}, el("tr", {}, ["名单", "列入日期", "移出日期", "原因", "状态"].map((h) => el("th", {}, h)))),
    el("tbody", {}, listings.map((l) => el("tr", {},
      el("td", { className: l.polarity === "black" && l.inEffect ? "black" : "" }, l.listName),
      el("td", {}, l.listedOn || ""), el("td", {}, l.removedOn || ""), el("td", {}, l.reason || ""),
      el("td", {}, l.inEffect ? "有效" : "已移出")))));
}

function caseList(cases) {
  if (!cases.length) return el("p", { className: "muted" }, "公示期内无行政处罚。");
  return el("ul", { className: "cases" }, cases.map((c) => el("li", { "data-decision": c.decisionNo },
    el("strong", {}, c.decisionNo), ` ${c.decisionDate || ""} ${c.authority ? c.authority.name : ""} `,
    c.sanctions.map((s) => s.type).join("、"), c.totalFineYuan ? `，罚款 ${yuan(c.totalFineYuan)}` : "",
    c.severity ? `（${c.severity}）` : "")));
}

// 信用报告 (PDF) for investigators and admins: POST /report.pdf with the session's 查询事由.
const MATTERS = ["招标投标", "政府采购", "行政审批", "市场准入", "评优评先", "财政资金", "国有土地出让", "融资授信"];

function reportForm(e) {
  const role = document.body.dataset.role;
  if (!e.uscc || (role !== "investigator" && role !== "admin")) return "";
  const given = el("input", { type: "hidden", name: "purpose" });
  const form = el("form", { method: "post", action: "/report.pdf", className: "row wrap", id: "report-form" },
    el("input", { type: "hidden", name: "uscc", value: e.uscc }), given,
    el("label", { for: "report-matter" }, "核查事项"),
    el("select", { id: "report-matter", name: "matter" }, el("option", { value: "" }, "（不作措施核查）"),
      ...MATTERS.map((m) => el("option", { value: m }, m))),
    el("button", { type: "submit", className: "primary", id: "report-button" }, "出具信用报告（PDF）"));
  form.addEventListener("submit", async (event) => {
    if (given.value) return;
    event.preventDefault();
    try { given.value = await purpose(); } catch { return; }
    form.submit();
    given.value = "";
  });
  return form;
}

function showEntity(e) {
  const listed = e.listings.some((l) => l.inEffect && l.polarity === "black");
  $("profile").replaceChildren(
    el("h3", {}, e.name, listed ? el("span", { className: "badge v-BARRED" }, " 在列失信主体") : ""),
    kv([["统一社会信用代码", e.uscc], ["类型", ENTITY_KINDS[e.kind] || e.kind], ["状态", e.status], ["成立日期", e.foundedOn],
      ["注册资本", yuan(e.registeredCapitalYuan)],
      ["法定代表人", e.legalRepresentative && `${e.legalRepresentative.name}${e.legalRepresentative.maskedId ? `（${e.legalRepresentative.maskedId}）` : ""}`],
      ["地址", e.addresses.join("；")], ["电话", e.phones.join("；")],
      ["股东", e.shareholders.map((s) => s.ratio ? `${s.name} ${Math.round(s.ratio * 1000) / 10}%` : s.name).join("、")],
      ["主要人员", e.officers.map((o) => `${o.person.name}（${o.role}）`).join("、")]]),
    reportForm(e),
    el("h3", {}, "行政处罚"), caseList(e.cases),
    el("h3", {}, "红黑名单"), listingTable(e.listings),
    e.licences.length ? el("h3", {}, `行政许可（${e.licences.length}）`) : "");
}

function showPerson(p) {
  $("profile").replaceChildren(
    el("h3", {}, p.name),
    kv([["身份证号", p.maskedId || "（无权查看或未登记）"], ["身份核验", p.verified ? "已核验身份证号" : "仅限单条记录"],
      ["任职", p.roles.map((r) => `${r.entity.name}（${r.role}${r.ratio ? ` ${Math.round(r.ratio * 1000) / 10}%` : ""}）`).join("；")]]),
    el("h3", {}, "红黑名单"), listingTable(p.listings));
}

async function markListed(nodes) {
  // One aliased query per batch: which of the new subjects are on a black list in effect.
  const subjects = nodes.filter((n) => (n.kind === "Entity" && n.uscc) || n.kind === "Person").slice(0, 20);
  if (!subjects.length) return;
  const persons = subjects.some((n) => n.kind !== "Entity");
  const decl = subjects.map((n, i) => n.kind === "Entity" ? `$v${i}: String!` : `$v${i}: ID!`)
    .concat(persons ? ["$purpose: String!"] : []).join(", ");
  const body = subjects.map((n, i) => n.kind === "Entity"
    ? `s${i}: entity(uscc: $v${i}) { id listings { inEffect polarity } }`
    : `s${i}: person(id: $v${i}, purpose: $purpose) { id listings { inEffect polarity } }`).join("\n");
  const vars = Object.fromEntries(subjects.map((n, i) => [`v${i}`, n.kind === "Entity" ? n.uscc : n.id]));
  const data = await gql(`query Listed(${decl}) { ${body} }`, vars);
  graph.mark(Object.values(data).filter((s) => s && s.listings.some((l) => l.inEffect && l.polarity === "black"))
    .map((s) => s.id), "listed");
}

async function expand(id) {
  const status = $("graph-status");
  if (graph.size >= MAX_NODES) return setStatus(status, `图中已有 ${graph.size} 个节点，已达上限 ${MAX_NODES}，请先清空或缩小范围。`, "error");
  const drawn = expanded.get(id) || 0;
  const after = drawn ? btoa(`o:${drawn - 1}`).replace(/\+/g, "-").replace(/\//g, "_") : null;
  try {
    const data = await gql(NEIGHBOURS, { id, first: EXPAND_CAP, after });
    const around = data.neighbourhood;
    if (!around) return setStatus(status, "图谱中没有该主体。", "error");
    graph.around(id);
    const added = around.items.flatMap((p) => graph.addPath(p));
    expanded.set(id, drawn + around.items.length);
    graph.layout();
    await markListed([...(drawn ? [] : [id]), ...added].map((nid) => graph.cy.getElementById(nid).data()));
    setStatus(status, `已展开：新增 ${added.length} 个节点，共 ${around.total} 个直接关联` +
      (around.more ? `，还有 ${around.more} 个未显示（再次点击该节点继续展开，每次最多 ${EXPAND_CAP} 个）` : "") + "。", "ok");
  } catch (err) {
    setStatus(status, err.forbidden ? "关联图谱需要调查人员及以上权限，请登录。" : `展开失败：${err.message}`, "error");
  }
}

function select(node) {
  selected = node;
  const canExpand = EXPANDABLE.has(node.kind);
  $("node-panel").replaceChildren(
    el("strong", {}, node.label || node.id), ` ${KIND_NAMES[node.kind] || node.kind || ""} `, node.uscc ? `代码 ${node.uscc} ` : "",
    canExpand ? el("button", { type: "button", className: "small", onclick: () => expand(node.id) }, "展开关联") : "",
    canExpand ? el("button", { type: "button", className: "small", onclick: () => open(node) }, "查看信用档案") : "",
    el("button", { type: "button", className: "small", onclick: () => { $("path-from").value = node.uscc || node.id; } }, "设为起点"),
    el("button", { type: "button", className: "small", onclick: () => { $("path-to").value = node.uscc || node.id; } }, "设为终点"));
  if (canExpand && !expanded.has(node.id)) expand(node.id);
}

async function open(hit) {
  const status = $("search-status");
  setStatus(status, "正在加载……");
  try {
    if (hit.kind === "Person") {
      const data = await gql(PERSON, { id: hit.id });
      if (!data.person) return setStatus(status, "未找到该人员。", "error");
      showPerson(data.person);
    } else if (hit.uscc || hit.kind === "Entity") {
      const data = await gql(ENTITY, hit.uscc ? { uscc: hit.uscc } : { id: hit.id });
      if (!data.entity) return setStatus(status, hit.uscc ? "图谱中没有该统一社会信用代码。" : "图谱中没有该主体。", "error");
      showEntity(data.entity);
      hit = { ...hit, id: data.entity.id, name: data.entity.name, kind: "Entity" };
    }
    setStatus(status, "");
    history.replaceState(null, "", `/explore?id=${encodeURIComponent(hit.id)}`);  // the subject's stable URL
  } catch (err) {
    setStatus(status, err.message, "error");
  }
  graph.clear();
  expanded.clear();
  graph.addNode(hit, ["centre"]);
  graph.layout();
  $("path-from").value = hit.uscc || hit.id;
  await expand(hit.id);
}

async function search(text) {
  const status = $("search-status");
  $("hits").replaceChildren();
  const q = text.trim().toUpperCase();
  if (USCC.test(q)) return open({ kind: "Entity", uscc: q, id: q });
  setStatus(status, "正在搜索……");
  try {
    const found = (await gql(SEARCH, { name: text.trim() })).searchEntities;
    setStatus(status, found.totalCount ? `找到 ${found.totalCount} 个主体。` : "没有找到匹配的主体。");
    $("hits").replaceChildren(...found.edges.map(({ node }) => el("li", {}, el("button", {
      type: "button", onclick: () => open(node) },
      `${node.kind === "Person" ? "人员" : "企业"}：${node.name}`, node.uscc ? `（${node.uscc}）` : "",
      node.maskedId ? `（${node.maskedId}）` : ""))));
    if (found.edges.length === 1) open(found.edges[0].node);
  } catch (err) {
    setStatus(status, err.message, "error");
  }
}

$("search-form").addEventListener("submit", (event) => { event.preventDefault(); search($("q").value); });
$("path-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("graph-status");
  try {
    const found = (await gql(PATHS, { from: $("path-from").value.trim(), to: $("path-to").value.trim(),
      hops: Number($("path-hops").value) })).path;
    if (!found.length) return setStatus(status, "在所选步数内没有找到关联路径。");
    graph.around(found[0].nodes[0].id);
    const added = found.flatMap((p) => graph.addPath(p));
    graph.layout();
    await markListed(added.map((nid) => graph.cy.getElementById(nid).data()));
    graph.highlight(found);
    setStatus(status, `找到 ${found.length} 条最短路径，长度 ${found[0].length}，已在图中标黄。`, "ok");
  } catch (err) {
    setStatus(status, err.forbidden ? "路径查询需要调查人员及以上权限，请登录。" : `查找失败：${err.message}`, "error");
  }
});

showPurpose();
const params = new URLSearchParams(location.search);
const initial = params.get("q"), subject = params.get("id");
if (subject) open({ id: subject, kind: subject.startsWith("p") ? "Person" : "Entity" });
else if (initial) { $("q").value = initial; search(initial); }
