/**
 * The group form's rows (docs/product.md "Groups and routing"): members (an agent or admin, a
 * capacity typed as text — blank is no cap — and skills as comma-separated text) and skill rules
 * (a category or a tag that requires skills). Turned into the API's body on submit and back when a
 * group is edited; and the form's keys for the server's messages (RFC 9457 problem
 * `errors[].path`, e.g. `members.0.userId`, `skillRules.1.skills`).
 */
import type { CreateGroupBody, Group } from '@docket/server/contract/groups';

/** One member as the form holds it. */
export type MemberRow = { rowId: string; userId: string; capacity: string; skills: string };

/** One skill rule as the form holds it: `kind` says whether `categoryId` or `tag` is used. */
export type SkillRuleRow = {
  rowId: string;
  kind: 'category' | 'tag';
  categoryId: string;
  tag: string;
  skills: string;
};

let nextRow = 0;
function rowId(prefix: string): string {
  nextRow += 1;
  return `${prefix}-${nextRow}`;
}

/** A fresh member row (`overrides` win). */
export function newMemberRow(overrides: Partial<Omit<MemberRow, 'rowId'>> = {}): MemberRow {
  return { rowId: rowId('member'), userId: '', capacity: '', skills: '', ...overrides };
}

/** A fresh skill rule row, by category (`overrides` win). */
export function newSkillRuleRow(
  overrides: Partial<Omit<SkillRuleRow, 'rowId'>> = {},
): SkillRuleRow {
  return {
    rowId: rowId('skill-rule'),
    kind: 'category',
    categoryId: '',
    tag: '',
    skills: '',
    ...overrides,
  };
}

/** "billing, lang:fr ,, " → ["billing", "lang:fr"]. */
export function skillList(text: string): string[] {
  return text
    .split(',')
    .map((skill) => skill.trim())
    .filter(Boolean);
}

/**
 * A member row as the API's member: capacity blank → null (no cap), else the number typed (a
 * fraction or a negative one is sent as is, and the server names it: `members.N.capacity`).
 */
export function toMember(row: MemberRow): NonNullable<CreateGroupBody['members']>[number] {
  const capacity = row.capacity.trim();
  const number = Number(capacity);
  return {
    userId: row.userId,
    capacity: capacity === '' || !Number.isFinite(number) ? null : number,
    skills: skillList(row.skills),
  };
}

/** A skill rule row as the API's rule: `{categoryId, skills}` or `{tag, skills}`. */
export function toSkillRule(row: SkillRuleRow): NonNullable<CreateGroupBody['skillRules']>[number] {
  const skills = skillList(row.skills);
  return row.kind === 'category'
    ? { categoryId: row.categoryId, skills }
    : { tag: row.tag.trim(), skills };
}

/** The rows showing an existing group's members. */
export function memberRowsOf(group: Group): MemberRow[] {
  return group.members.map((member) =>
    newMemberRow({
      userId: member.userId,
      capacity: member.capacity === null ? '' : String(member.capacity),
      skills: member.skills.join(', '),
    }),
  );
}

/** The rows showing an existing group's skill rules. */
export function skillRuleRowsOf(group: Group): SkillRuleRow[] {
  return group.skillRules.map((rule) =>
    rule.categoryId !== undefined
      ? newSkillRuleRow({
          kind: 'category',
          categoryId: rule.categoryId,
          skills: rule.skills.join(', '),
        })
      : newSkillRuleRow({ kind: 'tag', tag: rule.tag ?? '', skills: rule.skills.join(', ') }),
  );
}

/**
 * The form's keys for `serverFieldErrors`: the group's fields, `members`, `members.N[.userId|
 * .capacity|.skills]`, `skillRules`, `skillRules.N[.categoryId|.tag|.skills]`.
 */
export function groupFieldKeys(counts: { members: number; skillRules: number }): string[] {
  const keys = ['name', 'description', 'routing', 'weightByPriority', 'returnOnAway', 'members'];
  for (let index = 0; index < counts.members; index += 1) {
    const path = `members.${index}`;
    keys.push(path, `${path}.userId`, `${path}.capacity`, `${path}.skills`);
  }
  keys.push('skillRules');
  for (let index = 0; index < counts.skillRules; index += 1) {
    const path = `skillRules.${index}`;
    keys.push(path, `${path}.categoryId`, `${path}.tag`, `${path}.skills`);
  }
  return keys;
}
