/**
 * The placeholders of a macro's reply (docs/product.md "Macros"), rendered by liquidjs in strict
 * mode: a template naming a placeholder Docket does not provide, or a filter liquidjs does not
 * know, is refused when the macro is saved (400 naming the action), never rendered as a blank in
 * a customer's mail. Values are inserted as text: a requester named `{{ x }}` or `<b>` is
 * written as typed (liquid does not evaluate values; replies are plain text, escaped where HTML
 * is made of them). Rendering is bounded (parse, render and memory limits).
 */
import { Liquid } from 'liquidjs';

/** The placeholders a macro may use, with what they hold. */
export const MACRO_PLACEHOLDERS = {
  'ticket.reference': 'TKT-00042',
  'ticket.number': '42',
  'ticket.subject': 'the subject',
  'ticket.status': 'OPEN',
  'ticket.priority': 'HIGH',
  'ticket.category': 'the category name, or empty',
  'requester.name': 'the requester’s full name',
  'requester.firstName': 'the first word of it',
  'requester.email': 'the requester’s address',
  'agent.name': 'who applies the macro',
  'agent.firstName': 'the first word of it',
} as const;

/** What the placeholders are filled from. */
export interface MacroTemplateContext {
  ticket: {
    reference: string;
    number: number;
    subject: string;
    status: string;
    priority: string;
    category: string;
  };
  requester: { name: string; firstName: string; email: string };
  agent: { name: string; firstName: string };
}

const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 1_000_000,
});

/**
 * What is wrong with `content` as a template: a syntax error, or each placeholder that is not
 * one of MACRO_PLACEHOLDERS; [] when it may be saved.
 */
export function templateProblems(content: string): string[] {
  try {
    const parsed = engine.parse(content);
    const known = new Set<string>(Object.keys(MACRO_PLACEHOLDERS));
    return engine
      .fullVariablesSync(parsed)
      .filter((name) => !known.has(name))
      .map((name) => `unknown placeholder {{${name}}}`);
  } catch (error) {
    return [`not a valid template: ${(error as Error).message.split('\n')[0]}`];
  }
}

/** The first word of a name ("Maya Patel" → "Maya"); the name itself when it has one word. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** `content` with its placeholders filled from `context` (checked by templateProblems first). */
export function renderTemplate(content: string, context: MacroTemplateContext): string {
  return String(engine.parseAndRenderSync(content, context));
}
