// Explorer: search → credit profile → association graph (every node kind expands, capped) → paths;
// a details panel per node, an as-of date, relationship filters, a stable layout, exports. The association
// queries carry the session's 查询事由 (`$purpose`, asked once by common.js).
import { gql, el, setStatus, kv, yuan, USCC, showPurpose, purpose } from "./common.js";
import { Graph, EXPANDABLE, identityReason } from "./graph.js";

const EXPAND_CAP = 12;    // neighbours added per click; the rest are counted, not drawn
const MAX_NODES = 150;    // beyond this the picture stops being readable

const NODE = "id kind name uscc maskedId verified scope";
const PATH = `length nodes { ${NODE} } relationships { type start end role ratio source }`;
const SEARCH = `query Search($name: String!) { searchEntities(name: $name, first: 20) {
  totalCount edges { node { id kind name uscc maskedId verified scope } } } }`;
const LISTING = "listName polarity listedOn removedOn validUntil maxEnd repairedOn reason authority inEffect";
const CASE = `decisionNo decisionDate authority { name } violation totalFineYuan severity publicityStart publicityEnd
  sanctions { type amountYuan } provisions { citation }`;
const ENTITY = `query Profile($uscc: String, $id: ID, $asOf: Date) { entity(uscc: $uscc, id: $id, asOf: $asOf) {
  id uscc name kind status foundedOn verified
  registeredCapitalYuan addresses phones legalRepresentative { id name maskedId verified }
  shareholders { name kind ratio } officers { role person { id name verified } }
  cases { ${CASE} } listings { ${LISTING} } licences { docNo certName validTo authority } } }`;
const SUSPECTED = `query Suspected($id: ID!, $asOf: Date, $purpose: String!) { entity(id: $id, asOf: $asOf) {
  suspectedRelations(first: 20, purpose: $purpose) { count entity { id uscc name } shared { type value } }
  crowdedContacts(purpose: $purpose) { type value firms } } }`;
const PERSON = `query Person($id: ID!, $asOf: Date, $purpose: String!) { person(id: $id, asOf: $asOf, purpose: $purpose) { id name maskedId verified
  roles { role ratio entity { id uscc name } } listings { ${LISTING} } } }`;
const NEIGHBOURS = `query Around($id: ID!, $purpose: String!, $first: Int, $after: String, $asOf: Date) {
  neighbourhood(id: $id, purpose: $purpose, first: $first, after: $after, asOf: $asOf) { total more items { ${PATH} } } }`;
const PATHS = `query Between($from: ID!, $to: ID!, $hops: Int!, $purpose: String!, $asOf: Date) {
  path(from: $from, to: $to, maxHops: $hops, purpose: $purpose, asOf: $asOf) { ${PATH} } }`;
const DETAILS = `query Details($id: ID!, $purpose: String!, $asOf: Date) { node(id: $id, purpose: $purpose, asOf: $asOf) { id kind name
  properties { key value } provenance { source record loader firstSeen lastSeen sources }
  sanctions { type amountYuan } authorities subjects } }`;

const KIND_NAMES = { Entity: "企业", Person: "人员", Case: "处罚案件", Listing: "名单", Address: "地址", Phone: "电话",
  Email: "邮箱", Bid: "投标文件", Identifier: "投标标识", Licence: "行政许可", Tender: "招标项目", Authority: "机关",
  Sanction: "处罚种类", Provision: "法律条款" };
const ENTITY_KINDS = { company: "企业法人", individual_business: "个体工商户", organisation: "其他组织", unknown: "未知" };
const POLARITY = { black: "黑名单（失信）", red: "红名单（守信）", watch: "重点关注名单" };
const IDENT_KINDS = { deposit_account: "保证金账户", machine_code: "文件制作机器码", file_id: "文件标识码",
  lock_serial: "CA 锁序列号", ip: "投标 IP 地址" };
const CASE_STATUS = { published: "已公示", corrected: "已更正", withdrawn: "已撤销公示", repaired: "已信用修复" };
const SHARED = { LOCATED_AT: "同地址", HAS_PHONE: "同电话", HAS_EMAIL: "同邮箱" };
const CONTACT = { LOCATED_AT: "地址", HAS_PHONE: "电话", HAS_EMAIL: "邮箱" };
// Stored keys → what the panel calls them (graph/model.py).
const PROPS = {
  name: "名称", uscc: "统一社会信用代码", kind: "类型", status: "状态", verified: "身份核验", masked_id: "身份证号（脱敏）",
  scope: "记录范围", founded_on: "成立日期", registered_capital_yuan: "注册资本（元）", region: "地区",
  enterprise_type: "企业类型", registry_authority: "登记机关", other_codes: "其他代码", aliases: "其他名称",
  decision_no: "行政处罚决定书文号", authority: "机关", decision_date: "处罚决定日期", case_name: "案件名称",
  violation_type: "违法行为类型", facts: "主要违法事实", basis_text: "处罚依据", content: "处罚内容",
  total_fine_yuan: "罚款金额（元）", confiscated_yuan: "没收违法所得（元）", licence_action: "暂扣或吊销证照",
  valid_until: "有效期至", publicity_until: "公示截止期", disclosed_on: "公示日期", data_source: "数据来源单位",
  severity: "失信严重程度（分类）", publicity_start: "公示起始日", publicity_end: "停止公示日",
  min_end: "可申请信用修复日", max_end: "最长公示（有效）截止日", repaired_on: "信用修复日", withdrawn_on: "撤销公示日",
  objection_open: "异议处理中", history: "变更记录", list_name: "名单", polarity: "名单类别", polarity_basis: "类别依据",
  listed_on: "列入日期", removed_on: "移出日期", reason: "列入原因", removal_reason: "移出原因", court: "执行法院",
  case_no: "案号", basis_no: "依据文号", obligation: "生效法律文书确定的义务", performance: "履行情况",
  behaviour: "失信行为具体情形", published_on: "发布日期", repaired_by: "修复决定机关", doc_no: "行政许可决定文书号",
  doc_name: "行政许可决定文书名称", category: "许可类别", cert_name: "许可证书名称", licence_no: "许可编号",
  valid_from: "有效期自", valid_to: "有效期至", indefinite: "长期有效", decided_on: "许可决定日期", text: "地址",
  number: "电话", address: "邮箱", project_no: "项目编号", lot: "标段（包）", ip: "投标 IP 地址", value: "标识值",
  type: "种类", amount_yuan: "金额（元）", law: "法律法规", article: "条", paragraph: "款", item: "项", citation: "条款",
};
const REL_GROUPS = [
  ["法定代表人", ["LEGAL_REP_OF"]], ["股东/实际控制人", ["SHAREHOLDER_OF", "ACTUAL_CONTROLLER_OF"]], ["任职", ["OFFICER_OF"]],
  ["地址", ["LOCATED_AT"]], ["电话", ["HAS_PHONE"]], ["邮箱", ["HAS_EMAIL"]],
  ["投标", ["SUBMITTED", "BID_FOR", "MANAGED_BY", "CONTACT", "USED", "VIA_AGENT"]],
  ["处罚", ["PARTY_TO", "DECIDED_BY", "IMPOSES", "VIOLATED", "APPLIED"]], ["名单", ["LISTED_IN", "LISTED_BY"]],
  ["行政许可", ["HOLDS", "ISSUED_BY"]],
];
const $ = (id) => document.getElementById(id);
const graph = new Graph($("graph"), { onTap: (node) => select(node), onEdge: (edge) => selectEdge(edge) });
const expanded = new Map();  // node id → how many neighbours are drawn
let current = null;  // the subject whose profile is shown

const asOf = () => $("as-of").value || null;
const pct = (ratio) => `${Math.round(ratio * 1000) / 10}%`;

function identityBadge(person) {
  if (person.verified === null || person.verified === undefined) return "";
  const scoped = !person.verified;
  return el("span", { className: `badge ${scoped ? "id-scoped" : "id-verified"}`, title: identityReason({ ...person, kind: "Person" }),
    dataset: { identity: scoped ? "scoped" : "verified" } }, scoped ? "未核验，仅限本条记录" : "身份已核验");
}

function listingState(l) {
  if (l.inEffect) return "有效";
  if (l.repairedOn) return `已信用修复（${l.repairedOn}）`;
  if (l.removedOn) return "已移出";
  const today = asOf() || new Date().toISOString().slice(0, 10);
  if (l.listedOn && l.listedOn > today) return "尚未列入";
  return "已到期";
}

function listingTable(listings) {
  if (!listings.length) return el("p", { className: "muted" }, "无名单记录。");
  return el("table", { className: "listings" },
    el("thead", {}, el("tr", {}, ["名单", "类别", "列入日期", "移出日期", "原因", "状态"].map((h) => el("th", {}, h)))),
    el("tbody", {}, listings.map((l) => el("tr", { dataset: { polarity: l.polarity, inEffect: String(l.inEffect) } },
      el("td", { className: l.inEffect ? (l.polarity === "black" ? "black" : l.polarity === "red" ? "red" : "") : "" }, l.listName),
      el("td", {}, POLARITY[l.polarity] || l.polarity),
      el("td", {}, l.listedOn || ""), el("td", {}, l.removedOn || ""), el("td", {}, l.reason || ""),
      el("td", {}, listingState(l))))));
}

function caseList(cases) {
  if (!cases.length) return el("p", { className: "muted" }, "公示期内无行政处罚。");
  return el("ul", { className: "cases" }, cases.map((c) => el("li", { "data-decision": c.decisionNo },
    el("strong", {}, c.decisionNo), ` ${c.decisionDate || ""} ${c.authority ? c.authority.name : ""} `,
    c.sanctions.map((s) => s.type).join("、"), c.totalFineYuan ? `，罚款 ${yuan(c.totalFineYuan)}` : "",
    c.severity ? `（${c.severity}失信）` : "",
    el("div", { className: "muted" }, [c.violation ? `违法行为：${c.violation}` : "",
      c.provisions.length ? `依据：${c.provisions.map((p) => p.citation).join("；")}` : "",
      c.publicityEnd ? `公示至 ${c.publicityEnd} 前` : ""].filter(Boolean).join("　")))));
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
  const red = e.listings.some((l) => l.inEffect && l.polarity === "red");
  const rep = e.legalRepresentative;
  $("profile").replaceChildren(
    el("h3", {}, e.name, listed ? el("span", { className: "badge v-BARRED" }, " 在列失信主体") : "",
      red ? el("span", { className: "badge id-verified" }, " 在列守信激励对象") : ""),
    kv([["统一社会信用代码", e.uscc || "（无）"], ["类型", ENTITY_KINDS[e.kind] || e.kind], ["状态", e.status], ["成立日期", e.foundedOn],
      ["注册资本", yuan(e.registeredCapitalYuan)],
      ["法定代表人", rep && el("span", {}, `${rep.name}${rep.maskedId ? `（${rep.maskedId}）` : ""} `, identityBadge(rep))],
      ["地址", e.addresses.join("；")], ["电话", e.phones.join("；")],
      ["股东", e.shareholders.map((s) => s.ratio ? `${s.name} ${pct(s.ratio)}` : s.name).join("、")],
      ["主要人员", e.officers.map((o) => `${o.person.name}（${o.role}）`).join("、")]]),
    reportForm(e),
    el("p", {}, el("a", { href: `/ownership?id=${encodeURIComponent(e.id)}`, id: "ownership-link" }, "查看股权穿透图")),
    el("h3", {}, "行政处罚"), caseList(e.cases),
    el("h3", {}, "红黑名单"), listingTable(e.listings),
    e.licences.length ? el("h3", {}, `行政许可（${e.licences.length}）`) : "",
    e.licences.length ? el("ul", {}, e.licences.map((li) => el("li", {},
      `${li.certName || "行政许可"} ${li.docNo}${li.authority ? `，${li.authority}` : ""}${li.validTo ? `，有效期至 ${li.validTo}` : ""}`))) : "");
}

// Contact points shared with more than 50 other firms are not listed firm by firm (queries/paths.py).
function crowdedNote(crowded) {
  if (!crowded.length) return "";
  return el("div", { className: "crowded" },
    el("p", { className: "muted" }, "以下联系点与 50 家以上其他企业共用（可能为集中登记地址、商务秘书地址或代理电话），未逐一列为疑似关系："),
    el("ul", {}, crowded.map((c) => el("li", {},
      `${CONTACT[c.type] || c.type}：${c.value}（另有 ${c.firms.toLocaleString("zh-CN")} 家企业）`))));
}

async function showSuspected(entityId) {
  const box = $("suspected");
  box.replaceChildren();
  try {
    const found = (await gql(SUSPECTED, { id: entityId, asOf: asOf() })).entity;
    const items = found ? found.suspectedRelations : [];
    box.replaceChildren(el("h3", {}, `疑似关系（同地址/同电话/同邮箱，${items.length} 家）`),
      items.length ? el("ul", { className: "suspected" }, items.map((s) => {
        const counts = {};
        s.shared.forEach((x) => { counts[x.type] = (counts[x.type] || 0) + 1; });
        return el("li", { dataset: { entity: s.entity.id } },
          el("a", { href: `/explore?id=${encodeURIComponent(s.entity.id)}` }, s.entity.name),
          `（${Object.entries(counts).map(([t, n]) => `${SHARED[t] || t} ${n}`).join("、")}，共 ${s.count} 项）`,
          el("div", { className: "muted" }, s.shared.map((x) => `${SHARED[x.type] || x.type}：${x.value}`).join("；")));
      })) : el("p", { className: "muted" }, "未发现共用地址、电话或邮箱的其他企业。"),
      crowdedNote(found ? found.crowdedContacts : []),
      el("p", { className: "hint" }, "疑似关系仅为核查线索，共用地址等可能另有合理原因。"));
  } catch (err) {
    box.replaceChildren(el("p", { className: "muted" },
      err.forbidden ? "疑似关系需要调查人员及以上权限，请登录后查看。" : `疑似关系加载失败：${err.message}`));
  }
}

function showPerson(p) {
  $("profile").replaceChildren(
    el("h3", {}, p.name, " ", identityBadge(p)),
    kv([["身份证号", p.maskedId || "（无权查看或未登记）"],
      ["身份核验", p.verified ? "身份已核验（按身份证号识别）" : "未核验，仅限本条记录（同名者不合并）"],
      ["任职", p.roles.map((r) => `${r.entity.name}（${r.role}${r.ratio ? ` ${pct(r.ratio)}` : ""}）`).join("；")]]),
    el("h3", {}, "红黑名单"), listingTable(p.listings));
}

async function markListed(nodes) {
  // One aliased query per batch: which of the new subjects are on a black list in effect.
  const subjects = nodes.filter((n) => n && ((n.kind === "Entity" && n.uscc) || n.kind === "Person")).slice(0, 20);
  if (!subjects.length) return;
  const persons = subjects.some((n) => n.kind !== "Entity");
  const decl = subjects.map((n, i) => n.kind === "Entity" ? `$v${i}: String!` : `$v${i}: ID!`)
    .concat(persons ? ["$purpose: String!"] : []).join(", ");
  const body = subjects.map((n, i) => n.kind === "Entity"
    ? `s${i}: entity(uscc: $v${i}, asOf: $asOf) { id listings { inEffect polarity } }`
    : `s${i}: person(id: $v${i}, purpose: $purpose, asOf: $asOf) { id listings { inEffect polarity } }`).join("\n");
  const vars = Object.fromEntries(subjects.map((n, i) => [`v${i}`, n.kind === "Entity" ? n.uscc : n.id]));
  const data = await gql(`query Listed(${decl}, $asOf: Date) { ${body} }`, { ...vars, asOf: asOf() });
  graph.mark(Object.values(data).filter((s) => s && s.listings.some((l) => l.inEffect && l.polarity === "black"))
    .map((s) => s.id), "listed");
}

async function expand(id) {
  const status = $("graph-status");
  if (graph.size >= MAX_NODES) return setStatus(status, `图中已有 ${graph.size} 个节点，已达上限 ${MAX_NODES}，请先清空或缩小范围。`, "error");
  const drawn = expanded.get(id) || 0;
  const after = drawn ? btoa(`o:${drawn - 1}`).replace(/\+/g, "-").replace(/\//g, "_") : null;
  try {
    const data = await gql(NEIGHBOURS, { id, first: EXPAND_CAP, after, asOf: asOf() });
    const around = data.neighbourhood;
    if (!around) return setStatus(status, "该节点在所选基准日没有可展示的关联。", "error");
    graph.around(id);
    const added = around.items.flatMap((p) => graph.addPath(p));
    expanded.set(id, drawn + around.items.length);
    graph.filter(graph.hidden);
    graph.layout(added);
    await markListed([...(drawn ? [] : [id]), ...added].map((nid) => graph.cy.getElementById(nid).data()));
    setStatus(status, `已展开：新增 ${added.length} 个节点，共 ${around.total} 个直接关联` +
      (around.more ? `，还有 ${around.more} 个未显示（再次点击该节点继续展开，每次最多 ${EXPAND_CAP} 个）` : "") + "。", "ok");
  } catch (err) {
    setStatus(status, err.forbidden ? "关联图谱需要调查人员及以上权限，请登录。" : `展开失败：${err.message}`, "error");
  }
}

function propertyValue(kind, key, value) {
  if (key === "kind" && kind === "Entity") return ENTITY_KINDS[value] || value;
  if (key === "kind" && kind === "Identifier") return IDENT_KINDS[value] || value;
  if (key === "polarity") return POLARITY[value] || value;
  if (key === "verified") return value === "是" ? "身份已核验" : "未核验，仅限本条记录";
  if (key === "status" && kind === "Case") return CASE_STATUS[value] || value;
  return value;
}

// The panel's order is PROPS' order (name and codes first, then dates, amounts, windows); unknown keys last.
const RANK = Object.fromEntries(Object.keys(PROPS).map((key, i) => [key, i]));
const ordered = (properties) => [...properties].sort((a, b) => (RANK[a.key] ?? 999) - (RANK[b.key] ?? 999));

async function details(node) {
  const box = $("details");
  box.hidden = false;
  $("details-title").textContent = `节点详情：${KIND_NAMES[node.kind] || "节点"} ${node.label || ""}`;
  $("details-body").replaceChildren(el("p", { className: "muted" }, "正在加载……"));
  try {
    const found = (await gql(DETAILS, { id: node.id, asOf: asOf() })).node;
    if (!found) return $("details-body").replaceChildren(el("p", { className: "muted" }, "该节点在所选基准日不予展示。"));
    const summary = [];
    if (found.kind === "Case") {
      summary.push(["处罚种类", found.sanctions.map((s) => `${s.type}${s.amountYuan ? ` ${yuan(s.amountYuan)}` : ""}`).join("、")]);
    }
    if (found.authorities.length) summary.push([found.kind === "Case" ? "处罚机关" : "机关", found.authorities.join("、")]);
    if (found.subjects.length) summary.push([found.kind === "Case" ? "当事人" : "主体", found.subjects.join("、")]);
    const reason = identityReason(node);
    const p = found.provenance;
    $("details-body").replaceChildren(
      reason ? el("p", { className: "notice", dataset: { identity: node.verified ? "verified" : "scoped" } }, reason) : "",
      kv([["类型", KIND_NAMES[found.kind] || found.kind], ...summary,
        ...ordered(found.properties).map((x) => [PROPS[x.key] || `其他字段（${x.key}）`, propertyValue(found.kind, x.key, x.value)])]),
      el("h3", {}, "来源"),
      kv([["来源数据", p.source], ["来源记录", p.record], ["首次发现", p.firstSeen], ["最近发现", p.lastSeen],
        ["全部来源", p.sources.join("；")], ["处理程序", p.loader]]));
  } catch (err) {
    $("details-body").replaceChildren(el("p", { className: "error" },
      err.forbidden ? "节点详情需要调查人员及以上权限，请登录。" : `详情加载失败：${err.message}`));
  }
}

function select(node) {
  const canExpand = EXPANDABLE.has(node.kind);
  const subject = node.kind === "Entity" || node.kind === "Person";
  const pinButton = el("button", { type: "button", className: "small", id: "pin" }, graph.pinned(node.id) ? "取消固定" : "固定位置");
  pinButton.addEventListener("click", () => {
    pinButton.textContent = graph.pin(node.id, !graph.pinned(node.id)) ? "取消固定" : "固定位置";
  });
  $("node-panel").replaceChildren(
    el("strong", {}, node.label || node.id), ` ${KIND_NAMES[node.kind] || node.kind || ""} `, node.uscc ? `代码 ${node.uscc} ` : "",
    canExpand ? el("button", { type: "button", className: "small", onclick: () => expand(node.id) }, "展开关联") : "",
    subject ? el("button", { type: "button", className: "small", onclick: () => open(node) }, "查看信用档案") : "",
    node.kind === "Entity" ? el("a", { className: "button small", href: `/ownership?id=${encodeURIComponent(node.id)}` }, "股权穿透") : "",
    pinButton,
    subject ? el("button", { type: "button", className: "small", onclick: () => { $("path-from").value = node.uscc || node.id; } }, "设为起点") : "",
    subject ? el("button", { type: "button", className: "small", onclick: () => { $("path-to").value = node.uscc || node.id; } }, "设为终点") : "");
  details(node);
  if (canExpand && !expanded.has(node.id)) expand(node.id);
}

// A relationship: what it is, between whom, and the dataset it came from.
function selectEdge(edge) {
  const name = (id) => graph.cy.getElementById(id).data("label") || id;
  $("details").hidden = true;
  $("node-panel").replaceChildren(el("strong", {}, `关系：${edge.label}`), ` ${name(edge.source)} → ${name(edge.target)}`,
    el("span", { className: "muted" }, `　来源：${edge.sourceName || "未记载"}`));
}

async function open(hit) {
  const status = $("search-status");
  setStatus(status, "正在加载……");
  current = hit;
  $("suspected").replaceChildren();
  try {
    if (hit.kind === "Person") {
      const data = await gql(PERSON, { id: hit.id, asOf: asOf() });
      if (!data.person) return setStatus(status, "未找到该人员。", "error");
      showPerson(data.person);
      hit = { ...hit, name: data.person.name, verified: data.person.verified, maskedId: data.person.maskedId };
    } else if (hit.uscc || hit.kind === "Entity") {
      const data = await gql(ENTITY, hit.uscc ? { uscc: hit.uscc, asOf: asOf() } : { id: hit.id, asOf: asOf() });
      if (!data.entity) return setStatus(status, hit.uscc ? "图谱中没有该统一社会信用代码。" : "图谱中没有该主体。", "error");
      showEntity(data.entity);
      hit = { ...hit, id: data.entity.id, name: data.entity.name, kind: "Entity", uscc: data.entity.uscc };
      showSuspected(data.entity.id);
    }
    setStatus(status, "");
    current = hit;
    history.replaceState(null, "", `/explore?id=${encodeURIComponent(hit.id)}${asOf() ? `&asOf=${asOf()}` : ""}`);
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

function hitButton(node) {
  const person = node.kind === "Person";
  return el("button", { type: "button", onclick: () => open(node), dataset: person ? { identity: node.verified ? "verified" : "scoped" } : {},
    title: person ? identityReason(node) : "" },
    `${person ? "人员" : "企业"}：${node.name}`, node.uscc ? `（${node.uscc}）` : "", node.maskedId ? `（${node.maskedId}）` : "",
    person ? " " : "", person ? identityBadge(node) : "");
}

// Hits of one name stay separate people (never merged), shown together with why they differ.
function hitGroups(nodes) {
  const groups = new Map();
  for (const node of nodes) {
    const key = `${node.kind}|${node.name}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(node);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return el("li", {}, hitButton(group[0]));
    const people = group[0].kind === "Person";
    return el("li", { className: "hit-group", dataset: { group: group[0].name } },
      el("span", {}, `${people ? "同名人员" : "同名企业"}「${group[0].name}」${group.length} 个，${people ? "身份不同或无法确认，未合并" : "代码不同"}：`),
      group.map(hitButton));
  });
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
    $("hits").replaceChildren(...hitGroups(found.edges.map(({ node }) => node)));
    if (found.edges.length === 1) open(found.edges[0].node);
  } catch (err) {
    setStatus(status, err.message, "error");
  }
}

// -- exports of what is on screen ---------------------------------------------------------------

function download(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function exportName(ext) {
  const who = current ? (current.uscc || current.id).replace(/[^0-9A-Za-z-]/g, "_") : "graph";
  return `关联图谱-${who}-${asOf() || new Date().toISOString().slice(0, 10)}.${ext}`;
}

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;  // no formula injection when opened in Excel
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function exportCsv() {
  const { nodes, edges } = graph.visible();
  if (!nodes.length) return setStatus($("graph-status"), "图中没有可导出的节点。", "error");
  const rows = [["记录", "编号", "类型", "名称", "统一社会信用代码", "身份证号（脱敏）", "身份核验", "起点", "终点", "关系", "来源"]];
  nodes.forEach((n) => rows.push(["节点", n.id, KIND_NAMES[n.kind] || n.kind, n.name, n.uscc, n.maskedId,
    n.verified === null ? "" : n.verified ? "身份已核验" : "未核验，仅限本条记录", "", "", "", ""]));
  edges.forEach((e) => rows.push(["关系", "", "", "", "", "", "", e.source, e.target, e.label, e.source_dataset]));
  const text = "\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  download(new Blob([text], { type: "text/csv;charset=utf-8" }), exportName("csv"));
  setStatus($("graph-status"), `已导出 ${nodes.length} 个节点、${edges.length} 条关系（CSV）。`, "ok");
}

function exportJson() {
  const { nodes, edges } = graph.visible();
  if (!nodes.length) return setStatus($("graph-status"), "图中没有可导出的节点。", "error");
  const body = { asOf: asOf() || new Date().toISOString().slice(0, 10), centre: current && current.id,
    hiddenTypes: [...graph.hidden], nodes, edges };
  download(new Blob([JSON.stringify(body, null, 2)], { type: "application/json" }), exportName("json"));
  setStatus($("graph-status"), `已导出 ${nodes.length} 个节点、${edges.length} 条关系（JSON）。`, "ok");
}

function exportPng() {
  if (!graph.size) return setStatus($("graph-status"), "图中没有可导出的节点。", "error");
  download(graph.png(), exportName("png"));
  setStatus($("graph-status"), "已导出图片（PNG）。", "ok");
}

// -- controls -------------------------------------------------------------------------------

$("rel-types").replaceChildren(...REL_GROUPS.map(([name, types], i) => el("label", { for: `rel-${i}` },
  el("input", { type: "checkbox", id: `rel-${i}`, checked: true, dataset: { types: types.join(",") } }), name)));
$("rel-types").addEventListener("change", () => {
  const hidden = [...$("rel-types").querySelectorAll("input:not(:checked)")].flatMap((box) => box.dataset.types.split(","));
  graph.filter(hidden);
  const shown = graph.cy.nodes(":visible").length;
  setStatus($("graph-status"), hidden.length ? `已隐藏 ${hidden.length} 种关系，显示 ${shown} 个节点。` : `显示全部关系，共 ${shown} 个节点。`);
});
$("as-of").addEventListener("change", () => { if (current) open(current); });
$("as-of-reset").addEventListener("click", () => { $("as-of").value = ""; if (current) open(current); });
$("export-png").addEventListener("click", exportPng);
$("export-csv").addEventListener("click", exportCsv);
$("export-json").addEventListener("click", exportJson);

$("search-form").addEventListener("submit", (event) => { event.preventDefault(); search($("q").value); });
$("path-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("graph-status");
  try {
    const found = (await gql(PATHS, { from: $("path-from").value.trim(), to: $("path-to").value.trim(),
      hops: Number($("path-hops").value), asOf: asOf() })).path;
    if (!found.length) return setStatus(status, "在所选步数内没有找到关联路径。");
    graph.around(found[0].nodes[0].id);
    const added = found.flatMap((p) => graph.addPath(p));
    graph.filter(graph.hidden);
    graph.layout(added);
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
if (/^\d{4}-\d{2}-\d{2}$/.test(params.get("asOf") || "")) $("as-of").value = params.get("asOf");
if (subject) open({ id: subject, kind: subject.startsWith("p") ? "Person" : "Entity" });
else if (initial) { $("q").value = initial; search(initial); }
