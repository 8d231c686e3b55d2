import { playbooks } from '@triage/runner/playbooks';
import { z } from 'zod';

/** `triage playbooks`: every playbook's name, summary and parameters. */
export function playbooksCommand(out: NodeJS.WritableStream = process.stdout): void {
  for (const playbook of playbooks) {
    out.write(`${playbook.name}\n  ${playbook.summary}\n`);
    const schema = z.toJSONSchema(playbook.params, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, { type?: string; description?: string; default?: unknown }>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const required = schema.required?.includes(name) ? ' (required)' : '';
      const fallback = prop.default !== undefined ? ` [default ${JSON.stringify(prop.default)}]` : '';
      out.write(
        `    --${name} <${prop.type ?? 'value'}>${required}${fallback}${prop.description ? `  ${prop.description}` : ''}\n`,
      );
    }
  }
}
