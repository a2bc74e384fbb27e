/**
 * A chat as text (the product's "Chats and the chat-to-ticket flow"): the transcript that becomes
 * the description of a ticket made from a chat (ticket-from-chat.ts).
 */

/** Longest description made from a transcript, in characters (typed descriptions stop at 5,000). */
export const TRANSCRIPT_MAX_LENGTH = 100_000;

/** `2026-11-21 14:05 UTC`: minutes are enough for a transcript, and UTC is unambiguous. */
function transcriptTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export type TranscriptChat = {
  customerName: string;
  customerEmail: string;
  escalated: boolean;
  createdAt: Date;
};
export type TranscriptMessage = {
  senderType: 'customer' | 'agent' | 'bot';
  senderName: string | null;
  content: string;
  createdAt: Date;
};

/** The first line of a transcript: who the chat was with, when, how long. */
export function transcriptHeader(chat: TranscriptChat, messageCount: number): string {
  return (
    `Chat with ${chat.customerName} <${chat.customerEmail}>, started ${transcriptTime(chat.createdAt)}` +
    `${chat.escalated ? ', escalated' : ''} (${messageCount} message${messageCount === 1 ? '' : 's'})`
  );
}

/**
 * A chat as a ticket description (docs/product.md "Chats and the chat-to-ticket flow"): a header
 * line naming the chat's customer, a blank line, then one line per message, oldest first:
 * `[YYYY-MM-DD HH:mm UTC] Sender name (customer|agent|bot): text`. A message's further lines are
 * indented by two spaces, so no message can pass for another. Senders without a name are named
 * by type (the chat's customer, "Agent", "Bot"). Longer than `maxLength` characters (default
 * TRANSCRIPT_MAX_LENGTH), the transcript is cut at a line and ends with a line saying how many
 * messages were left out.
 */
export function formatTranscript(
  chat: TranscriptChat,
  messages: readonly TranscriptMessage[],
  maxLength: number = TRANSCRIPT_MAX_LENGTH,
): string {
  const lines = [transcriptHeader(chat, messages.length), ''];
  if (messages.length === 0) lines.push('(no messages)');
  // Room kept for the closing line that says what was left out.
  const reserve = 160;
  let length = lines.join('\n').length;
  for (const [index, message] of messages.entries()) {
    const name =
      message.senderName?.trim() ||
      (message.senderType === 'customer'
        ? chat.customerName
        : message.senderType === 'agent'
          ? 'Agent'
          : 'Bot');
    const text = message.content.replace(/\r\n?/g, '\n').split('\n').join('\n  ');
    const line = `[${transcriptTime(message.createdAt)}] ${name} (${message.senderType}): ${text}`;
    const last = index === messages.length - 1;
    if (length + 1 + line.length <= maxLength - (last ? 0 : reserve)) {
      lines.push(line);
      length += 1 + line.length;
      continue;
    }
    // Cut here: as much of this message as fits, then what was left out.
    const left = messages.length - index;
    const room = maxLength - reserve - length - 2;
    if (room >= 80) lines.push(`${line.slice(0, room)}…`);
    lines.push(
      `[… transcript cut at ${maxLength.toLocaleString('en-US')} characters: ${left} message${left === 1 ? '' : 's'} not shown in full; see the chat]`,
    );
    break;
  }
  return lines.join('\n');
}
