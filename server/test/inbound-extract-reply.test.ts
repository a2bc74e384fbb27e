// The new text of a received reply (src/modules/inbound/extract-reply.ts): bodies as the common
// mail clients write them, run through the real email-reply-parser and html-to-text.
import { describe, expect, it } from 'vitest';
import { extractReply, mailBodyText } from '../src/modules/inbound/extract-reply.js';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Asserts the exact kept text, that something was stripped and that `gone` is not in it. */
function expectReply(body: string, kept: string, gone: string[]) {
  const result = extractReply(body);
  expect(result).toEqual({ reply: kept, stripped: true });
  for (const text of gone) expect(result.reply).not.toContain(text);
}

describe('extractReply', () => {
  it('Gmail: keeps the text above "On … wrote:" and drops the > quote', () => {
    const body = crlf(
      'Thanks, that fixed it.\n\nAnna\n\n' +
        'On Tue, Dec 1, 2026 at 10:02 AM Docket Support <support@example.com> wrote:\n\n' +
        '> Hi Anna,\n> please restart the app.\n>\n',
    );
    expectReply(body, 'Thanks, that fixed it.\n\nAnna', ['wrote:', 'restart the app']);
  });

  it('Gmail: the "wrote:" line wrapped over two lines', () => {
    const body =
      'Thanks, that fixed it.\n\n' +
      'On Tue, Dec 1, 2026 at 10:02 AM Docket Customer Support Team <\n' +
      'support@example.com> wrote:\n\n' +
      '> Hi Anna,\n> please restart the app.\n';
    expectReply(body, 'Thanks, that fixed it.', ['wrote:', 'support@example.com', 'restart']);
  });

  it('Gmail: the sender wrapped to its own line', () => {
    const body =
      'Thanks, that fixed it.\n\n' +
      'On Tue, Dec 1, 2026 at 10:02 AM\nDocket Support <support@example.com> wrote:\n\n' +
      '> Hi Anna,\n> please restart the app.\n';
    expectReply(body, 'Thanks, that fixed it.', ['wrote:', 'Docket Support', 'restart']);
  });

  it('Outlook desktop: "-----Original Message-----"', () => {
    const body = crlf(
      'Hello,\nthe printer still jams.\n\nBob\n' +
        '-----Original Message-----\n' +
        'From: Docket Support [mailto:support@example.com]\n' +
        'Sent: Tuesday, December 1, 2026 10:02 AM\nTo: Bob Smith\nSubject: RE: Printer\n\n' +
        'Hi Bob,\nplease restart the printer.\n',
    );
    expectReply(body, 'Hello,\nthe printer still jams.\n\nBob', [
      'Original Message',
      'Sent:',
      'restart the printer',
    ]);
  });

  it('Outlook desktop: the "From: … Sent: … To: … Subject:" block without an address', () => {
    const body = crlf(
      'Hello,\nthe printer still jams.\n\nBob Smith\nIT Department\n\n' +
        'From: Docket Support\nSent: Tuesday, December 1, 2026 10:02 AM\n' +
        'To: Bob Smith\nCc: IT Department\nSubject: RE: Printer\n\n' +
        'Hi Bob,\nplease restart the printer.\n',
    );
    expectReply(body, 'Hello,\nthe printer still jams.\n\nBob Smith\nIT Department', [
      'From:',
      'Subject:',
      'restart the printer',
    ]);
  });

  it('Outlook desktop: the header block under a rule, with the address in brackets', () => {
    const body =
      'Hello,\nthe printer still jams.\n\n' +
      '________________________________\n' +
      'From: Docket Support <support@example.com>\nSent: Tuesday, December 1, 2026 10:02 AM\n' +
      'To: Bob Smith <bob@example.org>\nSubject: RE: Printer\n\nHi Bob,\nplease restart.\n';
    expectReply(body, 'Hello,\nthe printer still jams.', ['____', 'From:', 'please restart']);
  });

  it('Apple Mail: the quote header is itself quoted', () => {
    const body =
      'Works now, thank you!\n\nAnna\n\n' +
      '> On 1 Dec 2026, at 10:02, Docket Support <support@example.com> wrote:\n' +
      '> \n> Hi,\n> please restart.\n';
    expectReply(body, 'Works now, thank you!\n\nAnna', ['wrote:', 'please restart']);
  });

  it('Thunderbird: "On 01/12/2026 10:02, Name wrote:"', () => {
    const body =
      'Works now, thank you!\n\n' +
      'On 01/12/2026 10:02, Docket Support wrote:\n> Hi,\n> please restart.\n';
    expectReply(body, 'Works now, thank you!', ['wrote:', 'please restart']);
  });

  it('iPhone: "Sent from my iPhone" and the quote go', () => {
    const body =
      'Ok will do\n\nSent from my iPhone\n\n' +
      '> On Dec 1, 2026, at 10:02 AM, Docket Support <support@example.com> wrote:\n' +
      '> \n> Hi,\n> please restart.\n';
    expectReply(body, 'Ok will do', ['iPhone', 'wrote:', 'please restart']);
  });

  it('iPhone in French: "Envoyé de mon iPhone"', () => {
    expectReply('D’accord, merci.\n\nEnvoyé de mon iPhone\n', 'D’accord, merci.', ['Envoyé']);
  });

  it('Android trailers: "Sent from my Android" and "Get Outlook for iOS"', () => {
    expectReply('Yes please.\n\nSent from my Android\n', 'Yes please.', ['Android']);
    expectReply('Yes please.\n\nGet Outlook for iOS\n', 'Yes please.', ['Outlook']);
  });

  it('Android (Gmail app): "On Tue, 1 Dec 2026, 10:02 Name, <email> wrote:"', () => {
    const body =
      'Yes please\n\n' +
      'On Tue, 1 Dec 2026, 10:02 Docket Support, <support@example.com> wrote:\n\n' +
      '> Hi,\n> please restart.\n>\n';
    expectReply(body, 'Yes please', ['wrote:', 'please restart']);
  });

  it('Yahoo: the indented "On Tuesday, … wrote:" header with an unquoted history', () => {
    const body =
      'Still broken.\n\n\n' +
      '    On Tuesday, December 1, 2026 at 10:02:11 AM GMT+1, Docket Support ' +
      '<support@example.com> wrote:  \n \n \nHi,\nplease restart.\n';
    expectReply(body, 'Still broken.', ['wrote:', 'please restart']);
  });

  it('Yahoo: the "----- Original Message -----" variant', () => {
    const body =
      'Still broken.\n\n' +
      '----- Original Message -----\nFrom: Docket Support <support@example.com>\n' +
      'To: anna@yahoo.com\nSent: Tuesday, December 1, 2026 10:02 AM\nSubject: Printer\n\n' +
      'Hi,\nplease restart.\n';
    expectReply(body, 'Still broken.', ['Original Message', 'From:', 'please restart']);
  });

  it('Yahoo classic: "--- On Tue, 12/1/26, Name <email> wrote:"', () => {
    const body =
      'Still broken.\n\n' +
      '--- On Tue, 12/1/26, Docket Support <support@example.com> wrote:\n\n' +
      'From: Docket Support <support@example.com>\nSubject: Printer\nTo: anna@yahoo.com\n' +
      'Date: Tuesday, December 1, 2026, 10:02 AM\n\nHi,\nplease restart.\n';
    expectReply(body, 'Still broken.', ['wrote:', 'Subject:', 'please restart']);
  });

  it('French Gmail: "Le mar. 3 déc. 2026 à 10:02, … a écrit :"', () => {
    const body =
      'Merci, ça marche.\n\n' +
      'Le mar. 3 déc. 2026 à 10:02, Docket Support <support@example.com> a écrit :\n\n' +
      "> Bonjour,\n> redémarrez l'application.\n";
    expectReply(body, 'Merci, ça marche.', ['écrit', 'redémarrez']);
  });

  it('French Gmail: the "a écrit :" line wrapped', () => {
    const body =
      'Merci, ça marche.\n\n' +
      'Le mar. 3 déc. 2026 à 10:02, Service clients Docket <support@example.com> a\n' +
      'écrit :\n\n' +
      "> Bonjour,\n> redémarrez l'application.\n";
    expectReply(body, 'Merci, ça marche.', ['écrit', 'redémarrez']);
  });

  it('a signature under the "-- " delimiter goes, the text above stays', () => {
    const body = 'Thanks!\nThe export works again.\n\n-- \nAnna Example\nACME Corp | +1 555 0100\n';
    expectReply(body, 'Thanks!\nThe export works again.', ['Anna Example', 'ACME']);
  });

  it('bottom-posting with interleaved quotes keeps every new line', () => {
    const body =
      'On Tue, Dec 1, 2026 at 10:02 AM Docket Support <support@example.com> wrote:\n' +
      '> Which version do you use?\n\n3.2.1 on Windows.\n\n' +
      '> Did you restart?\n\nYes, twice.\nStill failing.\n';
    expectReply(body, '3.2.1 on Windows.\nYes, twice.\nStill failing.', [
      'wrote:',
      'Which version',
      'Did you restart',
    ]);
  });

  it('a mail that is all quote comes back whole, not stripped', () => {
    const body = '> Hi,\n> please restart.\n';
    expect(extractReply(body)).toEqual({ reply: '> Hi,\n> please restart.', stripped: false });
  });

  it('a blank top-posted reply comes back whole, not stripped', () => {
    const body =
      '\n\nOn Tue, Dec 1, 2026 at 10:02 AM Docket Support <support@example.com> wrote:\n\n' +
      '> Hi,\n> please restart.\n';
    expect(extractReply(body)).toEqual({
      reply:
        'On Tue, Dec 1, 2026 at 10:02 AM Docket Support <support@example.com> wrote:\n\n' +
        '> Hi,\n> please restart.',
      stripped: false,
    });
    const outlook = 'From: Docket Support\nSent: Tuesday\nTo: Bob\nSubject: Printer\n\nHi Bob\n';
    expect(extractReply(outlook)).toEqual({ reply: outlook.trimEnd(), stripped: false });
  });

  it('a mail with nothing to strip is kept as it is', () => {
    const body = 'Hello,\n\nmy invoice is missing.\nOrder 1234.\n';
    expect(extractReply(body)).toEqual({
      reply: 'Hello,\n\nmy invoice is missing.\nOrder 1234.',
      stripped: false,
    });
  });

  it('a 5 MB body is examined up to 1 MB and returns quickly without throwing', () => {
    const line = 'The export fails again with the same error as before, see below.\n';
    const body = 'Top line\n' + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length));
    const started = performance.now();
    const result = extractReply(body);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.stripped).toBe(false);
    expect(result.reply.startsWith('Top line\nThe export fails')).toBe(true);
    expect(result.reply.length).toBeLessThanOrEqual(1024 * 1024);
    expect(result.reply.length).toBeGreaterThan(1000 * 1024);
  });

  it('crafted bodies that make the parser backtrack stay bounded', () => {
    const mb = (unit: string) => unit.repeat(Math.ceil((1024 * 1024) / unit.length));
    for (const body of [mb('\n'), mb(' \n'), mb('abc. x skrev y\n'), mb('在x\n'), mb('Op x\n')]) {
      const started = performance.now();
      const result = extractReply('Hello\n' + body);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(result.reply.startsWith('Hello')).toBe(true);
    }
  });
});

describe('mailBodyText', () => {
  it('prefers a non-blank text part and normalises it', () => {
    expect(mailBodyText('Hi\r\nthere  \r\n\r\n  \r\n', '<p>ignored</p>')).toBe('Hi\nthere');
    expect(mailBodyText(' \r\n', '<p>From <b>HTML</b></p>')).toBe('From HTML');
    expect(mailBodyText(undefined, undefined)).toBe('');
  });

  it('an HTML-only Gmail reply: text kept, <blockquote> stripped, no script survives', () => {
    const html =
      '<html><head><style>p{color:red}</style><script>alert("head")</script></head><body>' +
      '<div dir="ltr">Thanks, that <b>fixed</b> it. See ' +
      '<a href="https://example.com/log">the log</a>.<img src="cid:x" alt="logo"></div>' +
      '<script>document.cookie="stolen"</script><br>' +
      '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Dec 1, 2026 at ' +
      '10:02 AM Docket Support &lt;<a href="mailto:support@example.com">support@example.com</a>' +
      '&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex">' +
      '<div>Hi Anna,<br>please restart the app.</div></blockquote></div></body></html>';
    const text = mailBodyText(undefined, html);
    expect(text).toBe(
      'Thanks, that fixed it. See the log [https://example.com/log].\n\n' +
        'On Tue, Dec 1, 2026 at 10:02 AM Docket Support <support@example.com> wrote:\n\n' +
        '> Hi Anna,\n> please restart the app.',
    );
    expect(text).not.toMatch(/<\/?(script|style|div|a|b|img|blockquote|br)\b|alert|cookie|logo/i);
    const result = extractReply(text);
    expect(result).toEqual({
      reply: 'Thanks, that fixed it. See the log [https://example.com/log].',
      stripped: true,
    });
    expect(result.reply).not.toContain('restart');
  });

  it('cuts HTML over 2 MB before converting it', () => {
    const html = '<p>start</p>' + '<p>filler text</p>'.repeat(200_000) + '<p>THE-END</p>';
    expect(html.length).toBeGreaterThan(3 * 1024 * 1024);
    const text = mailBodyText(undefined, html);
    expect(text.startsWith('start')).toBe(true);
    expect(text).not.toContain('THE-END');
    expect(text).not.toContain('<');
  });
});
