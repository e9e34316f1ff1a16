import { toMermaid as drawMachine } from '@kefu/state-diagram';
import { revisitMachine } from './revisit-machine.js';

/** The revisit machine as a Mermaid state diagram (docs/customers.md embeds it). */
export function toMermaid(): string {
  return drawMachine(revisitMachine);
}
