import { readFileSync, writeFileSync } from 'node:fs';
import { toMermaid } from '../src/to-mermaid.js';

/** Rewrites the Mermaid block of docs/workflows/escalation.md from the machine (`to-mermaid.test.ts` fails when it drifts). */
const target = new URL('../../../docs/workflows/escalation.md', import.meta.url);
const doc = readFileSync(target, 'utf8');
if (!/```mermaid\n[\s\S]*?```/.test(doc)) throw new Error(`${target.pathname} has no mermaid block`);
writeFileSync(target, doc.replace(/```mermaid\n[\s\S]*?```/, `\`\`\`mermaid\n${toMermaid()}\`\`\``));
console.log(`wrote the diagram in ${target.pathname}`);
