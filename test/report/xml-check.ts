/**
 * A small well-formedness check for XML (and for the SVG fragments of the
 * HTML report): tags nest and close, attributes are quoted, text holds no raw
 * `<` and no `&` that is not an entity. Enough to catch an escaping mistake
 * without a parser dependency.
 */
const NAME = '[A-Za-z_][\\w.:-]*';
const ATTR = `\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`;
const TOKEN = new RegExp(`<\\?[^?]*\\?>|<!--[\\s\\S]*?-->|<(/?)(${NAME})((?:${ATTR})*)\\s*(/?)>|<|[^<]+`, 'g');
const ENTITY = /&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g;

/** Problems found (empty when well-formed). */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const tok = m[0];
    if (tok.startsWith('<?') || tok.startsWith('<!--')) continue;
    if (tok === '<') {
      problems.push(`bad tag at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (m[2] === undefined) {
      if (tok.replace(ENTITY, '').includes('&')) problems.push(`raw & in text at ${m.index}: ${tok.slice(0, 40)}`);
      if (tok.includes('>')) problems.push(`raw > in text at ${m.index}`);
      if (stack.length === 0 && tok.trim() !== '') problems.push(`text outside the root at ${m.index}`);
      continue;
    }
    const [, close, name, attrs, selfClose] = m as unknown as [string, string, string, string, string];
    if (attrs.replace(ENTITY, '').includes('&')) problems.push(`raw & in attributes of <${name}> at ${m.index}`);
    if (close === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (selfClose !== '/') {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
