// GraphiQL from the vendored build (api/static/vendor/graphiql, pinned in package.json): it talks
// to /graphql on this origin only; the login cookie carries the caller's role, as for the pages.
/* global React, ReactDOM, GraphiQL */
"use strict";

const EXAMPLE = `# 公共信用知识图谱 GraphQL 接口。Ctrl-Enter 运行；Ctrl-Space 补全。
# 字段说明和各参数的上限见右侧文档（Docs）。
{
  searchEntities(name: "建设", first: 5) {
    totalCount
    edges { node { kind name uscc } }
  }
}
`;

const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: EXAMPLE,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
