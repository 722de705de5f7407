// Shared by the pages: GraphQL over fetch (same origin, the session cookie carries the key) and
// DOM building that never goes through innerHTML, so names from the graph cannot inject markup.

const CODES = {
  FORBIDDEN: "当前身份无权进行此查询，请用具备相应权限的密钥登录。",
  BAD_USER_INPUT: "输入有误：",
  INTERNAL_SERVER_ERROR: "服务器内部错误，请稍后重试或联系管理员。",
  GRAPHQL_PARSE_FAILED: "查询无法解析（页面与服务器版本可能不一致，请刷新页面）。",
  GRAPHQL_VALIDATION_FAILED: "查询未通过校验（页面与服务器版本可能不一致，请刷新页面）。",
  RATE_LIMITED: "请求过于频繁，请稍后再试。",
};
const CJK = /[\u4e00-\u9fff]/;

// What a person reads of an API error: the Chinese half of a bilingual "中文 / English" message; a
// message without Chinese is replaced by what its code means.
export function chineseMessage(error) {
  const code = error.extensions && error.extensions.code;
  if (code === "FORBIDDEN") return CODES.FORBIDDEN;
  const message = String(error.message || "");
  const half = message.split(" / ")[0];
  if (CJK.test(half)) return half;
  if (CJK.test(message)) return message;
  if (code === "BAD_USER_INPUT") {
    const argument = error.extensions.argument;
    return `${CODES.BAD_USER_INPUT}参数${argument ? ` ${argument} ` : ""}的值不符合要求。`;
  }
  return CODES[code] || `查询失败（${code || "未知错误"}）。`;
}

export class GraphQLFailure extends Error {
  constructor(errors) {
    super(errors.map(chineseMessage).join("；"));
    this.errors = errors;
    this.forbidden = errors.some((e) => e.extensions && e.extensions.code === "FORBIDDEN");
  }
}

// 查询使用登记: association queries carry a purpose (事由 + 项目编号/文号), asked once per browser
// session in a small dialog, kept in sessionStorage, changeable from the header; the server keeps it
// in the audit log. A query that declares `$purpose` gets it filled in by gql().
const PURPOSE_KEY = "cg_purpose";
const PURPOSE_MAX = 200;
let asking = null;

export class PurposeMissing extends Error {
  constructor() {
    super("未填写查询事由，查询已取消。关联查询须登记事由（事由及项目编号/文号）。");
  }
}

export function currentPurpose() {
  return sessionStorage.getItem(PURPOSE_KEY) || "";
}

// The dialog; resolves with the purpose entered (now stored for the session), or null when cancelled.
export function askPurpose() {
  if (asking) return asking;
  asking = new Promise((resolve) => {
    const input = el("input", { id: "purpose-input", name: "purpose-input", maxlength: PURPOSE_MAX, autocomplete: "off",
      placeholder: "例如：某项目投标人资格审查 FZCG-2024-0088" });
    input.value = currentPurpose();
    const problem = el("p", { className: "error", role: "alert", id: "purpose-problem" });
    const dialog = el("dialog", { id: "purpose-dialog", className: "purpose", "aria-labelledby": "purpose-title" });
    const form = el("form", { method: "dialog" },
      el("h2", { id: "purpose-title" }, "登记查询事由"),
      el("p", { className: "hint" }, "依照信息查询使用登记制度，关联查询须登记事由：请填写事由及项目编号或文号（不超过 200 字）。",
        "本次浏览器会话内只需填写一次，可随时在页首更改；每次查询连同事由记入审计日志。"),
      el("label", { for: "purpose-input" }, "查询事由（事由 + 项目编号/文号）"), input, problem,
      el("div", { className: "row" },
        el("button", { type: "submit", className: "primary", id: "purpose-ok" }, "确定"),
        el("button", { type: "button", id: "purpose-cancel", onclick: () => dialog.close("") }, "取消")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        problem.textContent = "请填写查询事由。";
        input.focus();
        return;
      }
      sessionStorage.setItem(PURPOSE_KEY, text.slice(0, PURPOSE_MAX));
      dialog.close("ok");
    });
    dialog.addEventListener("close", () => {
      const given = dialog.returnValue === "ok" ? currentPurpose() : null;
      dialog.remove();
      asking = null;
      showPurpose();
      resolve(given);
    });
    dialog.append(form);
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

// The session's purpose, asking for it the first time; throws PurposeMissing when the dialog is cancelled.
export async function purpose() {
  const known = currentPurpose();
  if (known) return known;
  const given = await askPurpose();
  if (!given) throw new PurposeMissing();
  return given;
}

// The header's 查询事由 button (pages with association queries, for signed-in roles).
export function showPurpose() {
  const who = document.querySelector(".top .who");
  if (!who || document.body.dataset.role === "public") return;
  let button = document.getElementById("purpose-change");
  if (!button) {
    button = el("button", { type: "button", id: "purpose-change", className: "small purpose-change", onclick: () => askPurpose() });
    who.prepend(button);
  }
  const known = currentPurpose();
  button.textContent = known ? `查询事由：${known}（更改）` : "登记查询事由";
  button.title = known;
}

export async function gql(query, variables = {}) {
  if (/\$purpose\b/.test(query) && !variables.purpose) {
    // The public role may not run association queries: it is refused (FORBIDDEN), not asked.
    const given = document.body.dataset.role === "public" ? "" : await purpose();
    variables = { ...variables, purpose: given };
  }
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`服务器返回 ${response.status}`);
  }
  if (body.errors && body.errors.length) {
    if (body.errors.some((e) => e.extensions && e.extensions.argument === "purpose")) sessionStorage.removeItem(PURPOSE_KEY);
    throw new GraphQLFailure(body.errors);
  }
  return body.data;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function setStatus(node, message, kind = "") {
  node.textContent = message;
  node.className = `status ${kind}`;
}

export function kv(pairs) {
  return el("dl", { className: "kv" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

export function yuan(value) {
  return value === null || value === undefined ? "" : `${Number(value).toLocaleString("zh-CN")} 元`;
}

export const VERDICTS = {
  BARRED: "禁止同标段投标",
  DEEMED_COLLUSION: "视为串通投标",
  SUSPECTED: "涉嫌关联",
  CONNECTED: "存在关联",
};

export const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

export class UploadFailure extends Error {
  constructor(message, problems = []) {
    super(message);
    this.problems = problems;
  }
}

// A file parsed on the server (api/uploads.py): its JSON answer, or an UploadFailure saying why in
// Chinese. `limit` is the request body limit the page was given (data-max-bytes).
export async function upload(url, file, limit = 0) {
  if (limit && file.size > limit) throw new UploadFailure(`${file.name}：文件过大（${mb(file.size)}），上限 ${mb(limit)}。`);
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await fetch(url, { method: "POST", credentials: "same-origin", body: form });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body) return body;
  if (response.status === 413 && body && body.limit) throw new UploadFailure(`${file.name}：文件过大，上限 ${mb(body.limit)}。`);
  throw new UploadFailure((body && body.error) || `${file.name}：上传失败（服务器返回 ${response.status}）。`, (body && body.problems) || []);
}
