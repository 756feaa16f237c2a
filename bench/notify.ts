/**
 * Notification benchmark (issue 10): the email and chat sizes of reports of 10, 200 and 2,000
 * findings (test/notify/big-report.ts: objects of 20 buckets under 5 keys, one role patch, one
 * patch per bucket and per key), the SNS message size, and whether every distinct command is in
 * the email whole. Targets: the SNS message under 256 KB, every distinct command whole in the
 * email, the chat document at most 24 KB.
 */
import { MAX_CHAT_BYTES } from '../lambda/notify/chat';
import { buildNotification, MAX_MESSAGE_BYTES } from '../lambda/notify/publish';
import { bigReport, commandsOf } from '../test/notify/big-report';
import { median } from './stats';

const SIZES = [10, 200, 2_000];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function runNotifyBench(): void {
  let failed = false;
  for (const count of SIZES) {
    const report = bigReport(count);
    const times: number[] = [];
    let notification = buildNotification(report, { id: 'bench' });
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      notification = buildNotification(report, { id: 'bench' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const parts = JSON.parse(notification.Message) as { email: string; https: string };
    const chat = JSON.parse(parts.https) as { content: { nextSteps: string[]; description: string } };
    const commands = commandsOf(report);
    const whole = commands.filter((command) => parts.email.includes(`\n   $ ${command}\n`)).length;
    const inChat = commands.filter((command) => chat.content.nextSteps.includes(`\`${command}\``)).length;
    const message = Buffer.byteLength(notification.Message);
    const chatBytes = Buffer.byteLength(parts.https);
    console.log(
      `notify: ${count} findings: email ${kb(Buffer.byteLength(parts.email))} (${whole}/${commands.length} commands whole` +
        `${parts.email.includes('[cut:') ? ', findings cut' : ''}), chat ${kb(chatBytes)} ` +
        `(description ${chat.content.description.length} chars, ${inChat}/${commands.length} commands whole, ` +
        `${chat.content.nextSteps.length} next steps), SNS message ${kb(message)}, built in ${median(times).toFixed(1)} ms`,
    );
    if (message > MAX_MESSAGE_BYTES || whole !== commands.length || chatBytes > MAX_CHAT_BYTES) failed = true;
  }
  console.log(
    `notify: targets: SNS message <= ${kb(MAX_MESSAGE_BYTES)}, every distinct command whole in the email, chat <= ${kb(MAX_CHAT_BYTES)}: ${failed ? 'MISSED' : 'met'}`,
  );
}
