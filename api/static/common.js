// Shared by the pages: GraphQL over fetch (same origin, the session cookie carries the key) and
// DOM building that never goes through innerHTML, so names from the graph cannot inject markup.

const CODES = {
  FORBIDDEN: "当前身份无权进行此查询，请用具备相应权限的密钥登录。",
  BAD_USER_INPUT: "输入有误：",
};

export class GraphQLFailure extends Error {
  constructor(errors) {
    super(errors.map((e) => {
      const code = e.extensions && e.extensions.code;
      return code === "FORBIDDEN" ? CODES.FORBIDDEN : e.message;
    }).join("；"));
    this.errors = errors;
    this.forbidden = errors.some((e) => e.extensions && e.extensions.code === "FORBIDDEN");
  }
}

export async function gql(query, variables = {}) {
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
  if (body.errors && body.errors.length) throw new GraphQLFailure(body.errors);
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
