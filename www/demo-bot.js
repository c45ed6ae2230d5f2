// A scripted stand-in for a support chatbot, so the demo shows real bot behaviour: helpful
// answers for known topics, and the generic fallback that real bots repeat when they are lost.

const ANSWERS = [
  {
    keys: ['invoice', 'bill', 'charge', 'refund', 'payment', 'card'],
    text: 'You can see and download every invoice under Billing > Invoices. Card changes are under Billing > Payment method.',
  },
  {
    keys: ['password', 'login', 'log in', 'sign in', '2fa'],
    text: "To reset your password, choose 'Forgot password' on the sign-in page and follow the email link.",
  },
  {
    keys: ['api', 'key', 'token', 'webhook'],
    text: 'You can create and revoke keys under Settings > API keys. Keys are shown once, so store them safely.',
  },
  {
    keys: ['dashboard', 'chart', 'report', 'visitors'],
    text: 'Dashboard numbers refresh every 15 minutes. Try reloading the page if a chart looks stale.',
  },
];

const FALLBACK =
  "Sorry, I didn't quite get that. Could you rephrase? You can also browse our help center.";

/** The bot's reply to a customer message. */
export function botReply(text) {
  const lower = text.toLowerCase();
  const hit = ANSWERS.find((a) => a.keys.some((k) => lower.includes(k)));
  return hit ? hit.text : FALLBACK;
}
