// Lint Cypher statements with Neo4j's own linter (@neo4j-cypher/language-support).
// stdin: JSON [{"origin", "text", "params"}]; stdout: JSON [{"origin", "text", "diagnostics"}].
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  const results = statements.map((s) => {
    const { diagnostics } = lintCypherQuery(s.text, { parameters: s.params });
    return {
      origin: s.origin,
      text: s.text,
      diagnostics: diagnostics.map((d) => ({ severity: d.severity, message: d.message })),
    };
  });
  process.stdout.write(JSON.stringify(results));
});
