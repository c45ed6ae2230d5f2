// Builds the decision objects the facade returns: one object literal per call, which costs far
// less than setting properties one by one across the wasm boundary. Enum values arrive as small
// integers and become the contract's strings here. Messages are read here too, so that a
// well-formed message crosses the boundary in two calls (its role as a number, then its text);
// anything else goes back to the facade's field-by-field decoder, which names the bad field.
// Imported by src/wasm.rs.
const REASONS = ['explicit_request', 'frustration', 'complexity', 'loop', 'vip', 'critical'];
const SKILLS = ['billing', 'technical', 'account', 'security', 'sales', 'general'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

// The role of a well-formed `{role, text, ts?}` (0 customer, 1 bot, 2 agent, 3 system), plus 4
// when it has a `ts` string; -1 for anything else (the facade then reports what is wrong).
export function messageRole(m) {
  if (typeof m !== 'object' || m === null) return -1;
  let role;
  switch (m.role) {
    case 'customer': role = 0; break;
    case 'bot': role = 1; break;
    case 'agent': role = 2; break;
    case 'system': role = 3; break;
    default: return -1;
  }
  if (typeof m.text !== 'string') return -1;
  const ts = m.ts;
  if (ts === undefined || ts === null) return role;
  return typeof ts === 'string' ? role + 4 : -1;
}

export function messageText(m) {
  return m.text;
}

export function messageTs(m) {
  return m.ts;
}

export function makeTrigger(reason, strength, messageIndex, evidence) {
  return { reason: REASONS[reason], strength, message_index: messageIndex, evidence };
}

export function makeDecision(
  escalate, reasons, skill, priority, sentiment, score, turn, language, explanation, warnings,
) {
  return {
    escalate,
    reasons: reasons.slice(),
    skill: SKILLS[skill],
    priority: PRIORITIES[priority],
    sentiment,
    score,
    turn: turn < 0 ? null : turn,
    language,
    explanation,
    warnings: warnings === undefined ? [] : warnings,
  };
}
