// Builds the decision objects the facade returns: one object literal per call, which costs far
// less than setting properties one by one across the wasm boundary. Enum values arrive as small
// integers and become the contract's strings here. Imported by src/wasm.rs.
const REASONS = ['explicit_request', 'frustration', 'complexity', 'loop', 'vip', 'critical'];
const SKILLS = ['billing', 'technical', 'account', 'security', 'sales', 'general'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

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
    language: language === undefined ? null : language,
    explanation,
    warnings: warnings === undefined ? [] : warnings,
  };
}
