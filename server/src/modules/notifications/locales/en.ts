/**
 * English texts of the email notifications. `{{…}}` are i18next interpolations: in the
 * HTML part every value is HTML-escaped, in the text part none is. The French (Canada) file has
 * the same keys (test/notifications-templates.test.ts checks it).
 */
export const en = {
  brand: 'Docket',
  staffName: 'Support team',
  greeting: 'Hello {{name}},',
  greetingAnonymous: 'Hello,',
  signature: '— {{team}}',
  footerCustomer:
    'You receive this email because you opened request {{reference}}. Replies to this email are not read: use the link above.',
  footerStaff: 'You receive this email as a member of {{organization}} in Docket.',
  status: {
    NEW: 'New',
    OPEN: 'Open',
    IN_PROGRESS: 'In progress',
    WAITING_ON_CUSTOMER: 'Waiting for your reply',
    ON_HOLD: 'On hold',
    RESOLVED: 'Resolved',
    CLOSED: 'Closed',
  },
  mode: {
    video: 'Video call',
    audio: 'Phone or audio call',
    chat: 'Chat',
    in_person: 'In person',
  },
  priority: {
    LOW: 'Low',
    MEDIUM: 'Medium',
    HIGH: 'High',
    URGENT: 'Urgent',
    CRITICAL: 'Critical',
  },
  label: {
    reference: 'Reference',
    subject: 'Subject',
    status: 'Status',
    priority: 'Priority',
    requester: 'Requester',
    when: 'When',
    duration: 'Duration',
    mode: 'Mode',
    meetingLink: 'Meeting link',
    repeats: 'Repeats',
    nextSession: 'Next session',
    originalTime: 'Originally',
    endpoint: 'Endpoint',
    reason: 'Reason',
    disabledAt: 'Disabled at',
    slaPolicy: 'SLA policy',
    dueAt: 'Due',
    breachedAt: 'Breached at',
    assignee: 'Assignee',
    priorityRaised: 'Priority raised',
    tagAdded: 'Tag added',
  },
  sla_metric: {
    first_response: 'first response',
    next_response: 'next response',
    resolution: 'resolution',
  },
  durationMinutes: '{{count}} minutes',
  ticket_created: {
    subject: '[{{reference}}] We received your request: {{subject}}',
    intro: 'Thank you for contacting us. We received your request and will get back to you soon.',
    link: 'Follow your request',
    outro: 'Use this link at any time to see its progress or add information.',
  },
  reply_added: {
    subject: '[{{reference}}] New reply to your request: {{subject}}',
    intro: '{{team}} replied to your request:',
    link: 'View the conversation and reply',
  },
  status_changed: {
    subject: '[{{reference}}] Status changed to {{status}}: {{subject}}',
    intro: 'The status of your request changed from “{{previous}}” to “{{status}}”.',
    link: 'View your request',
  },
  ticket_resolved: {
    subject: '[{{reference}}] Resolved: {{subject}}',
    note: 'What we did:',
    intro: 'We believe your request is now resolved.',
    invite:
      'If something is still not right, simply reply from the link below: your request will be reopened and we will get back to you.',
    link: 'Reply or view your request',
  },
  session_scheduled: {
    subject: '[{{reference}}] Session scheduled for {{when}}',
    intro: 'A session was scheduled for your request.',
    calendar: 'The calendar invitation is attached to this email.',
    link: 'View your request',
    eventTitle: 'Session for {{reference}}: {{subject}}',
    repeatsWeekly: 'Every week, {{count}} times',
    repeatsEveryWeeks: 'Every {{interval}} weeks, {{count}} times',
    occurrenceMovedSubject: '[{{reference}}] Session moved to {{when}}',
    occurrenceMoved: 'One session of the series was moved. The others are unchanged.',
    occurrenceCancelledSubject: '[{{reference}}] Session of {{when}} cancelled',
    occurrenceCancelled: 'One session of the series was cancelled. The others are unchanged.',
    occurrenceRestored: 'A cancelled session of the series takes place after all.',
  },
  ticket_assigned: {
    subject: '[{{reference}}] Assigned to you: {{subject}}',
    intro: '{{actor}} assigned this ticket to you.',
    link: 'Open the ticket',
  },
  customer_replied: {
    subject: '[{{reference}}] {{requester}} replied: {{subject}}',
    intro: '{{requester}} replied to the ticket:',
    link: 'Open the ticket',
  },
  rule_notification: {
    subject: '{{subject}}',
    intro: 'An automation of {{organization}} sent this message about a ticket:',
    link: 'Open the ticket',
  },
  webhook_disabled: {
    subject: 'Webhook endpoint disabled: {{url}}',
    intro:
      'A webhook endpoint of {{organization}} was disabled: it receives no events until it is enabled again.',
    outro:
      'Fix the receiving service, then enable the endpoint again on the Webhooks page: the deliveries kept meanwhile resume in order.',
    link: 'Open the Webhooks page',
  },
  sla_warning: {
    subject: '[{{reference}}] SLA at risk: {{metric}} due {{time}}',
    intro: 'The {{metric}} target of this ticket is at risk: it is due {{when}}.',
    unassigned: 'The ticket has no assignee: you receive this email as an administrator.',
    link: 'Open the ticket',
  },
  sla_breached: {
    subject: '[{{reference}}] SLA breached: {{metric}}',
    intro: 'The {{metric}} target of this ticket was breached at {{when}}.',
    unassigned: 'The ticket has no assignee: you receive this email as an administrator.',
    escalated: 'The SLA policy escalated the ticket:',
    notEscalated: 'The SLA policy changed nothing on the ticket.',
    link: 'Open the ticket',
  },
  satisfaction: {
    ask: 'How did we do? One click rates our help:',
    good: 'Good',
    bad: 'Bad',
    point: '{{score}}',
    hint: '1 = poor, 5 = excellent',
  },
  password_reset: {
    subject: 'Reset your Docket password',
    intro:
      'Someone asked to reset the password of your {{organization}} account in Docket. If it was you, choose a new password with the link below.',
    link: 'Choose a new password',
    expiry:
      'The link works once, for {{minutes}} minutes. Setting a new password signs you out everywhere.',
    footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
  invitation: {
    subject: 'You are invited to join {{organization}} on Docket',
    intro:
      '{{inviter}} invites you to join {{organization}} on Docket. Choose your name and password with the link below.',
    link: 'Accept the invitation',
    expiry: 'The link works once, for {{days}} days.',
    footer: 'If you did not expect this invitation, ignore this email.',
  },
} as const;

/** The shape every language's texts have (the English file is the reference). */
export type EmailTexts = {
  [K in keyof typeof en]: (typeof en)[K] extends string
    ? string
    : { [L in keyof (typeof en)[K]]: string };
};
