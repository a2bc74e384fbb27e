/** Records one activity row with `db` (pass the transaction client). */
export async function recordActivity(db, actor, input) {
  await db.ticketActivity.create({
    data: {
      organizationId: input.organizationId,
      ticketId: input.ticketId,
      type: input.type,
      actorType: actor.kind,
      actorId: actor.kind === 'system' ? null : actor.id,
      actorName: actor.kind === 'system' ? (actor.name ?? 'Docket') : actor.name,
      isInternal: input.isInternal ?? false,
      before: input.before ?? undefined,
      after: input.after ?? undefined,
      reason: input.reason ?? null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    },
  });
}
//# sourceMappingURL=activity.recorder.js.map
