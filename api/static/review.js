// Review desk: the queue (the API orders it: conflicts, low confidence, warnings first), one
// decision at a time with its text and every extracted value marked at its span, editable fields,
// the cross-check, and approve / correct / reject through the GraphQL mutations.
import { gql, el, setStatus, upload } from "./common.js";

const ITEM = "id status sourceName priority conflicts decisionNo authority lowestConfidence warnings";
const CHECK = "crossCheck { found conflicts fields { field extracted recorded agrees } }";
const QUEUE = `query Queue { reviewQueue(first: 100) { totalCount edges { node { ${ITEM} } } } }`;
const SHOW = `query Show($id: ID!) { extraction(id: $id) { ${ITEM} submittedAt extractorVersion text values
  extraction caseId ${CHECK} actions { action by at reason } partyCodeWarnings { party message } } }`;
const ERROR = `... on ReviewError { code message ${CHECK} }`;
const RESULT = `__typename ... on Published { caseId visible publicityEnd parties { id kind name } extraction { id status values } } ${ERROR}`;
const SUBMIT = `mutation Submit($text: String!, $name: String!) { submitDecision(text: $text, sourceName: $name) {
  __typename ... on Submitted { created extraction { id } } ... on ReviewError { code message } } }`;
const APPROVE = `mutation Approve($id: ID!, $reason: String) { approveExtraction(id: $id, reason: $reason) { ${RESULT} } }`;
const CORRECT = `mutation Correct($id: ID!, $changes: [FieldChangeInput!]!, $reason: String) {
  correctExtraction(id: $id, changes: $changes, reason: $reason) { ${RESULT} } }`;
const REJECT = `mutation Reject($id: ID!, $reason: String!) { rejectExtraction(id: $id, reason: $reason) {
  __typename ... on Rejected { extraction { id status } } ${ERROR} } }`;

const STATUS = { pending: "待审", changed_by_extractor: "识别结果有变", approved: "已批准", corrected: "已更正", rejected: "已驳回" };
const LABELS = {
  decision_no: "决定书文号", authority: "处罚机关", decision_date: "决定日期（YYYY-MM-DD）", violation: "违法行为",
  total_fine_yuan: "罚款总额（元）", legal_basis: "处罚依据（每行一条）", violated_provisions: "违反条款（每行一条）",
  name: "名称", kind: "主体类型", uscc: "统一社会信用代码", legal_rep: "法定代表人", id_number: "身份证号码",
  address: "地址", type: "处罚种类", amount_yuan: "金额（元）", party_uscc: "当事人代码", penalty_types: "处罚种类",
};
const KINDS = { "": "（未识别）", company: "企业", individual_business: "个体工商户", organisation: "其他组织", person: "自然人" };
const NUMBERS = new Set(["total_fine_yuan", "amount_yuan"]);
const LISTS = new Set(["legal_basis", "violated_provisions"]);

const $ = (id) => document.getElementById(id);
let current = null;

function spansOf(spans, path = "", out = []) {
  // Spans mirror the values: a [start, end] pair, or lists / objects of them.
  if (Array.isArray(spans) && spans.length === 2 && spans.every((n) => typeof n === "number")) {
    out.push({ path, start: spans[0], end: spans[1] });
  } else if (Array.isArray(spans)) spans.forEach((s, i) => spansOf(s, `${path}.${i}`, out));
  else if (spans && typeof spans === "object") {
    for (const [key, s] of Object.entries(spans)) spansOf(s, path ? `${path}.${key}` : key, out);
  }
  return out;
}

const related = (span, field) => span === field || span.startsWith(`${field}.`) || field.startsWith(`${span}.`);

function renderText(text, spans) {
  const marks = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const s of marks) {
    if (s.start < at) continue;  // overlapping spans: the first one wins
    parts.push(text.slice(at, s.start));
    const top = s.path.split(".")[0];
    parts.push(el("mark", { dataset: { path: s.path }, title: LABELS[s.path.split(".").at(-1)] || LABELS[top] || top,
      onclick: () => focusField(s.path) }, text.slice(s.start, s.end)));
    at = s.end;
  }
  parts.push(text.slice(at));
  $("text").replaceChildren(...parts);
}

function focusField(path) {
  const inputs = [...document.querySelectorAll("#field-list [data-field]")];
  const input = inputs.find((i) => related(path, i.dataset.field));
  if (input) input.focus();
}

function markFor(field, cls, on) {
  document.querySelectorAll("#text mark").forEach((m) => {
    if (related(m.dataset.path, field)) m.classList.toggle(cls, on);
  });
}

function shown(field, value) {
  if (value === null || value === undefined) return "";
  return LISTS.has(field) ? value.join("\n") : String(value);
}

function input(field, value, confidence) {
  const key = field.split(".").at(-1), id = `f-${field.replace(/\./g, "-")}`;
  let control;
  if (key === "kind") {
    control = el("select", { id }, Object.entries(KINDS).map(([v, t]) => el("option", { value: v, selected: (value || "") === v }, t)));
  } else if (LISTS.has(key) || key === "violation") {
    control = el("textarea", { id, rows: LISTS.has(key) ? 3 : 2 }, shown(key, value));
  } else {
    control = el("input", { id, value: shown(key, value), inputmode: NUMBERS.has(key) ? "decimal" : null });
  }
  control.dataset.field = field;
  control.dataset.original = JSON.stringify(value ?? null);
  control.addEventListener("focus", () => markFor(field, "active", true));
  control.addEventListener("blur", () => markFor(field, "active", false));
  control.addEventListener("input", () => markFor(field, "edited", changed(control) !== undefined));
  return el("div", { className: "field" },
    el("label", { for: id }, LABELS[key] || key, confidence ? el("span", { className: "conf" }, `置信度 ${confidence}`) : ""), control);
}

function valueOf(control) {
  const key = control.dataset.field.split(".").at(-1), raw = control.value.trim();
  if (LISTS.has(key)) return raw.split(/\n+/).map((s) => s.trim()).filter(Boolean);
  if (raw === "") return null;
  return NUMBERS.has(key) && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
}

function changed(control) {
  const before = JSON.parse(control.dataset.original), after = valueOf(control);
  const same = JSON.stringify(before ?? (LISTS.has(control.dataset.field) ? [] : null)) === JSON.stringify(after);
  return same ? undefined : after;
}

function changes() {
  return [...document.querySelectorAll("#field-list [data-field]")]
    .map((c) => ({ field: c.dataset.field, value: changed(c) })).filter((c) => c.value !== undefined);
}

function renderFields(values) {
  const conf = values.confidence || {};
  const group = (title, items, keys, name) => (items.length ? items : [{}]).map((item, i) =>
    el("fieldset", {}, el("legend", {}, `${title} ${i + 1}`),
      keys.map((k) => input(`${name}.${i}.${k}`, item[k], i === 0 && k === keys[0] ? conf[name] : null))));
  $("field-list").replaceChildren(
    ...["decision_no", "authority", "decision_date"].map((f) => input(f, values[f], conf[f])),
    ...group("当事人", values.parties || [], ["name", "kind", "uscc", "legal_rep", "id_number", "address"], "parties"),
    input("violation", values.violation, conf.violation),
    input("violated_provisions", values.violated_provisions || [], conf.violated_provisions),
    input("legal_basis", values.legal_basis || [], conf.legal_basis),
    ...group("处罚项", values.penalties || [], ["type", "amount_yuan"], "penalties"),
    input("total_fine_yuan", values.total_fine_yuan, conf.total_fine_yuan));
}

function renderCheck(check) {
  const box = $("crosscheck");
  if (!check) return box.replaceChildren();
  if (!check.found) return box.replaceChildren(el("p", { className: "hint" }, "交叉核对：双公示数据中没有同一机关、同一文号的记录。"));
  box.replaceChildren(el("h3", {}, `与双公示记录交叉核对：${check.conflicts ? `${check.conflicts} 处冲突` : "一致"}`),
    el("table", { id: "crosscheck-table" }, el("thead", {}, el("tr", {}, ["字段", "抽取值", "双公示记录", "结果"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, check.fields.map((f) => el("tr", { className: f.agrees === false ? "conflict" : "" },
        el("td", {}, LABELS[f.field] || f.field), el("td", {}, f.extracted ?? "—"), el("td", {}, f.recorded ?? "—"),
        el("td", {}, f.agrees === null ? "无法比较" : f.agrees ? "一致" : "冲突"))))));
}

let showSeq = 0;

async function show(id, reload = false) {
  if (!reload && current && current.id === id) return;  // keep the reviewer's edits
  const seq = ++showSeq;
  setStatus($("action-status"), "");
  const x = (await gql(SHOW, { id })).extraction;
  if (seq !== showSeq) return;  // another decision was chosen meanwhile
  if (!x) return setStatus($("action-status"), "该决定书不存在。", "error");
  current = x;
  history.replaceState(null, "", `/review?id=${encodeURIComponent(id)}`);
  document.querySelectorAll("#queue button").forEach((b) => b.setAttribute("aria-current", b.dataset.id === id ? "true" : "false"));
  $("decision-title").textContent = `决定书：${x.decisionNo || x.sourceName}`;
  $("decision-meta").replaceChildren(`状态：${STATUS[x.status] || x.status}　来源文件：${x.sourceName}　优先级：${x.priority.toFixed(2)}　识别器：${x.extractorVersion || ""}`,
    x.warnings.length ? el("div", { className: "error" }, `警告：${x.warnings.join("；")}`) : "");
  renderText(x.text || "", spansOf((x.extraction || {}).spans || {}));
  renderFields(x.values || {});
  renderCodeWarnings(x.partyCodeWarnings || []);
  renderCheck(x.crossCheck);
  const open = ["pending", "changed_by_extractor"].includes(x.status);
  $("approve").disabled = !open;
  $("reject").disabled = !open;
  $("correct").disabled = !["pending", "changed_by_extractor", "approved", "corrected"].includes(x.status);
}

async function loadQueue(openFirst = false) {
  try {
    const q = (await gql(QUEUE)).reviewQueue;
    setStatus($("queue-status"), `共 ${q.totalCount} 份待审。`);
    $("queue").replaceChildren(...q.edges.map(({ node }) => el("li", {}, el("button", { type: "button", dataset: { id: node.id },
      "aria-current": current && current.id === node.id ? "true" : "false", onclick: () => show(node.id) },
      el("strong", {}, node.decisionNo || node.sourceName), el("br"),
      el("small", {}, `${node.authority || "机关未识别"} · 优先级 ${node.priority.toFixed(2)}`,
        node.conflicts ? ` · ${node.conflicts} 处冲突` : "", node.warnings.length ? ` · ${node.warnings.length} 条警告` : "")))));
    const wanted = new URLSearchParams(location.search).get("id");
    if (openFirst && (wanted || q.edges.length)) await show(wanted || q.edges[0].node.id);
  } catch (err) {
    setStatus($("queue-status"), err.forbidden ? "审核台需要审核人员或管理员密钥，请登录。" : err.message, "error");
  }
}

// The published parties' stable pages (by node id: an unverified firm has no code to search by).
function explorerLinks(parties) {
  return parties.map((p, i) => el("a", { href: `/explore?id=${encodeURIComponent(p.id)}`, id: i ? null : "explore-link",
    title: p.name || "" }, parties.length > 1 ? `在关联图谱中查看：${p.name}` : "在关联图谱中查看"));
}

// A party code failing its check digits, next to the party's code field, before anything is published.
function renderCodeWarnings(warnings) {
  for (const w of warnings) {
    const field = document.getElementById(`f-parties-${w.party}-uscc`);
    if (!field) continue;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", `uscc-warning-${w.party}`);
    field.after(el("p", { className: "error uscc-warning", id: `uscc-warning-${w.party}`, role: "alert" }, `⚠ ${w.message}`));
  }
}

// A case whose publicity window has already ended is published but shown to no one.
function publishedMessage(result, name) {
  if (result.visible) return `已${name}，案件 ${result.caseId} 已进入公开图谱。`;
  if (result.publicityEnd) return `已发布，公示期已于 ${result.publicityEnd} 届满，公众不可见。`;
  return `已发布，案件 ${result.caseId} 不在公示期内，公众不可见。`;
}

async function act(mutation, variables, name) {
  const status = $("action-status");
  try {
    const result = Object.values(await gql(mutation, variables))[0];
    if (result.__typename === "ReviewError") {
      if (result.crossCheck) renderCheck(result.crossCheck);
      return setStatus(status, `未完成（${result.code}）：${result.message}`, "error");
    }
    await show(result.extraction.id, true);
    setStatus(status, result.__typename === "Rejected" ? "已驳回，不会进入公开图谱。" : publishedMessage(result, name), "ok");
    if (result.__typename === "Published" && result.visible) status.append(" ", ...explorerLinks(result.parties));
    await loadQueue();
  } catch (err) {
    setStatus(status, err.message, "error");
  }
}

$("approve").addEventListener("click", () => {
  if (changes().length) return setStatus($("action-status"), "字段已修改：请点击“更正并发布”。", "error");
  const flagged = (current.partyCodeWarnings || []).length;
  if (flagged && !$("reason").value.trim()) {
    $("reason").focus();
    return setStatus($("action-status"), `有 ${flagged} 个当事人的统一社会信用代码未通过校验：请更正后发布，或在理由中说明后再批准。`, "error");
  }
  act(APPROVE, { id: current.id, reason: $("reason").value.trim() || null }, "批准发布");
});
$("correct").addEventListener("click", () => {
  const list = changes();
  if (!list.length) return setStatus($("action-status"), "没有修改任何字段。", "error");
  act(CORRECT, { id: current.id, changes: list, reason: $("reason").value.trim() || null }, "更正并发布");
});
$("reject").addEventListener("click", () => {
  const reason = $("reason").value.trim();
  if (!reason) { $("reason").focus(); return setStatus($("action-status"), "驳回必须填写理由。", "error"); }
  act(REJECT, { id: current.id, reason }, "驳回");
});
$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = [...$("upload").files];
  if (!files.length) return setStatus($("queue-status"), "请先选择文件。", "error");
  let created = 0;
  try {
    const limit = Number($("upload").dataset.maxBytes) || 0;
    for (const file of files) {
      setStatus($("queue-status"), `正在读取 ${file.name}……`);
      const { text, name } = await upload("/review/upload", file, limit);  // parsed on the server
      setStatus($("queue-status"), `正在识别 ${name}……`);
      const result = (await gql(SUBMIT, { text, name })).submitDecision;
      if (result.__typename === "ReviewError") throw new Error(`${file.name}：${result.message}`);
      if (result.created) created += 1;
    }
    await loadQueue(!current);
    setStatus($("queue-status"), `已提交 ${files.length} 份，其中新增 ${created} 份。`, "ok");
  } catch (err) {
    setStatus($("queue-status"), err.message, "error");
  }
});

loadQueue(true);
