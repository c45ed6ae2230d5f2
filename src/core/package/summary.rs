//! What an agent reads first: the customer's problem in their own words, facts pulled from
//! the conversation (order and invoice numbers, error codes, plan), and the solutions the bot
//! already tried with what became of each. Pure heuristics over already-redacted text, so a
//! redacted value can never come back as a fact.

use serde::{Deserialize, Serialize};

use crate::core::conversation::{Message, Role};
use crate::core::text::{find, fold, PairSet};
use crate::core::word_list::{words, Words};

use super::super::context::clip_marked;

/// Longest problem statement, in bytes.
pub const MAX_PROBLEM_BYTES: usize = 600;
/// Most facts kept of each kind.
pub const MAX_FACTS: usize = 10;
/// Longest fact, in bytes.
pub const MAX_FACT_BYTES: usize = 64;
/// Most attempted solutions kept (the latest ones).
pub const MAX_ATTEMPTS: usize = 20;
/// Longest attempted-solution text, in bytes.
pub const MAX_ATTEMPT_BYTES: usize = 300;

/// Facts pulled from the conversation and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Order numbers, as written.
    pub order_numbers: Vec<String>,
    /// Invoice numbers, as written.
    pub invoice_numbers: Vec<String>,
    /// Error codes, as written.
    pub error_codes: Vec<String>,
    /// The customer's plan (from the host's customer data, else from the conversation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Facts {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.order_numbers.is_empty()
            && self.invoice_numbers.is_empty()
            && self.error_codes.is_empty()
            && self.plan.is_none()
    }
}

/// What kind of help the bot gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptKind {
    /// Steps or advice in the message itself.
    Suggestion,
    /// A link to an article, guide or documentation page.
    Article,
}

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The customer tried it and it did not help.
    Failed,
    /// The customer tried it and it worked.
    Worked,
    /// The customer never answered it.
    NoAnswer,
    /// The customer answered without saying whether it helped.
    Unclear,
}

impl Outcome {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Failed => "failed",
            Outcome::Worked => "worked",
            Outcome::NoAnswer => "no_answer",
            Outcome::Unclear => "unclear",
        }
    }
}

/// One suggestion or article the bot gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// The bot message's index in the conversation.
    pub message_index: usize,
    /// Suggestion or article.
    pub kind: AttemptKind,
    /// The bot's words (redacted, clipped).
    pub text: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The customer message that told (the first reply), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_index: Option<usize>,
}

/// The customer's problem in their words: their first customer message that says more than a
/// greeting, with the next ones joined while the statement is under eight words (at most
/// three messages), clipped.
pub fn problem_statement(messages: &[Message]) -> (String, Vec<usize>) {
    let mut parts = Vec::new();
    let mut indices = Vec::new();
    let mut words = 0;
    for (i, m) in messages.iter().enumerate() {
        if m.role != Role::Customer {
            continue;
        }
        let text = m.text.trim();
        if text.is_empty() || (parts.is_empty() && is_greeting(text)) {
            continue;
        }
        parts.push(text);
        indices.push(i);
        words += text.split_whitespace().count();
        if words >= 8 || parts.len() >= 3 {
            break;
        }
    }
    (
        clip_marked(&crate::core::strbuf::join(&parts, " "), MAX_PROBLEM_BYTES),
        indices,
    )
}

/// A message that is only a greeting or a thanks.
fn is_greeting(text: &str) -> bool {
    const WORDS: Words = words![
        "hi",
        "hello",
        "hey",
        "hiya",
        "yo",
        "good",
        "morning",
        "afternoon",
        "evening",
        "there",
        "thanks",
        "thank",
        "you",
        "ok",
        "okay",
        "hola",
        "bonjour",
        "salut",
        "hallo",
        "ola",
        "oi",
        "buenos",
        "dias",
        "buenas",
        "tardes",
        "guten",
        "tag",
        "bom",
        "dia",
        "team",
        "support",
    ];
    let words = crate::core::text::words(text);
    !words.is_empty() && words.len() <= 4 && words.iter().all(|w| WORDS.any(|x| x == w))
}

/// Pulls order and invoice numbers, error codes and the plan out of redacted customer texts
/// and the (cleaned) page URL and title. A token counts when it holds a digit and follows a
/// cue word (`order`, `invoice`, `error`, in a few languages) or has a telling shape (`INV-`,
/// `ERR_`, `E1234`, `0x80070005`).
pub fn facts(messages: &[Message], page_texts: &[&str], plan: Option<&str>) -> Facts {
    let mut f = Facts {
        plan: plan
            .map(|p| clip_marked(p.trim(), MAX_FACT_BYTES))
            .filter(|p| !p.is_empty()),
        ..Facts::default()
    };
    let customer_texts = messages
        .iter()
        .filter(|m| m.role == Role::Customer)
        .map(|m| m.text.as_str());
    for text in customer_texts.chain(page_texts.iter().copied()) {
        scan_facts(text, &mut f);
    }
    f
}

fn push_fact(list: &mut Vec<String>, value: &str) {
    let value = clip_marked(value, MAX_FACT_BYTES);
    if list.len() < MAX_FACTS && !list.iter().any(|v| v.eq_ignore_ascii_case(&value)) {
        list.push(value);
    }
}

fn scan_facts(text: &str, f: &mut Facts) {
    const ORDER: Words = words![
        "order",
        "orders",
        "pedido",
        "commande",
        "bestellung",
        "bestellnummer",
        "encomenda",
        "shipment",
        "tracking",
    ];
    const INVOICE: Words = words![
        "invoice", "invoices", "inv", "factura", "facture", "rechnung", "fatura", "receipt",
        "bill",
    ];
    const ERROR: Words = words![
        "error",
        "errors",
        "err",
        "code",
        "erreur",
        "fehler",
        "exception",
    ];
    // Tokens split on whitespace and `/` (URL paths), outer punctuation trimmed.
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == '?' || c == '&')
        .map(|t| trim_to_word(t, b"#_"))
        .filter(|t| !t.is_empty())
        .collect();
    for (k, raw) in tokens.iter().enumerate() {
        let token = raw.trim_start_matches('#');
        // An ASCII case-insensitive prefix test (no upper-cased copy of every token).
        let starts = |prefix: &str| {
            token.len() >= prefix.len()
                && token.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        };
        // Symbolic error names (`ERR_CONNECTION_RESET`) need no digit.
        let symbolic =
            (starts("ERR_") || starts("ERROR_")) && token.bytes().all(|c| !c.is_ascii_lowercase());
        if symbolic {
            push_fact(&mut f.error_codes, token);
            continue;
        }
        if token.is_empty() || !token.bytes().any(|c| c.is_ascii_digit()) || token.len() < 3 {
            continue;
        }
        // Skip placeholders and plain small numbers ("3 days", "2026").
        if token.contains('[') || (token.len() < 5 && token.bytes().all(|c| c.is_ascii_digit())) {
            continue;
        }
        let cue = |list: Words| {
            tokens[k.saturating_sub(3)..k].iter().any(|w| {
                let w = fold(trim_to_word(w, b""));
                list.any(|x| x == w)
            })
        };
        let hexcode = starts("0X") && token.len() >= 6;
        let err_shape = starts("ERR")
            || hexcode
            || (token.len() >= 4
                && token.as_bytes()[0].is_ascii_alphabetic()
                && token.as_bytes()[1..].iter().all(|c| c.is_ascii_digit())
                && cue(ERROR));
        if starts("INV") || (cue(INVOICE) && !cue(ORDER)) {
            push_fact(&mut f.invoice_numbers, token);
        } else if starts("ORD") || cue(ORDER) {
            push_fact(&mut f.order_numbers, token);
        } else if err_shape || cue(ERROR) {
            push_fact(&mut f.error_codes, token);
        }
    }
    if f.plan.is_none() {
        // "I'm on the Pro plan": a capitalised word right before "plan".
        for w in tokens.windows(2) {
            let (a, b) = (w[0], w[1]);
            if fold(b) == "plan"
                && a.chars().next().is_some_and(|c| c.is_uppercase())
                && !["The", "My", "A", "Our", "Your", "This", "That"].contains(&a)
            {
                f.plan = Some(clip_marked(a, MAX_FACT_BYTES));
                break;
            }
        }
    }
}

/// `s` without the leading and trailing characters that are neither alphanumeric nor one of
/// the ASCII bytes `also`: `str::trim_matches` with that negated predicate, as one function
/// for both of [`scan_facts`]'s trims.
#[inline(never)]
fn trim_to_word<'a>(s: &'a str, also: &[u8]) -> &'a str {
    let keep = |c: char| c.is_alphanumeric() || (c.is_ascii() && also.contains(&(c as u8)));
    let start = s
        .char_indices()
        .find(|&(_, c)| keep(c))
        .map_or(s.len(), |(i, _)| i);
    let rest = s.get(start..).unwrap_or("");
    let end = rest
        .char_indices()
        .rev()
        .find(|&(_, c)| keep(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    rest.get(..end).unwrap_or("")
}

/// Whether a bot message offers a suggestion (steps, advice) and whether it links an article.
fn attempt_kind(text: &str) -> Option<AttemptKind> {
    const ARTICLE: Words = words![
        "http://",
        "https://",
        "article",
        "help center",
        "help centre",
        "knowledge base",
        "documentation",
        " docs",
        "guide",
        "this link",
        "tutorial",
    ];
    const SUGGEST: Words = words![
        "try ",
        "have you tried",
        "have you checked",
        "you can ",
        "you could",
        "you may ",
        "please ",
        "go to",
        "click",
        "tap ",
        "check ",
        "make sure",
        "restart",
        "reinstall",
        "clear ",
        "update ",
        "navigate",
        "follow ",
        "select ",
        "open ",
        "log out",
        "sign out",
        "reset ",
        "enable ",
        "disable ",
        " > ",
        "here's how",
        "here is how",
        "steps",
        "refer to",
        "intente",
        "pruebe",
        "haga clic",
        "vaya a",
        "essayez",
        "cliquez",
        "allez dans",
        "versuchen sie",
        "klicken sie",
        "gehen sie",
        "tente ",
        "clique",
        "acesse",
    ];
    let t = Folded::new(format!(" {} ", fold(text)));
    if ARTICLE.any(|w| t.has(w)) {
        Some(AttemptKind::Article)
    } else if SUGGEST.any(|w| t.has(w)) {
        Some(AttemptKind::Suggestion)
    } else {
        None
    }
}

/// A folded text and the set of its byte pairs, so that one lookup rules out most of the
/// phrases looked for (each is searched for in full only when its first two bytes occur).
struct Folded {
    text: String,
    pairs: PairSet,
}

impl Folded {
    fn new(text: String) -> Folded {
        let pairs = PairSet::of_text(text.as_bytes());
        Folded { text, pairs }
    }

    /// Whether `needle` occurs in the text.
    fn has(&self, needle: &str) -> bool {
        let n = needle.as_bytes();
        match *n {
            [] => true,
            [a, b, ..] if !self.pairs.may_hold(a, b) => false,
            _ => find(self.text.as_bytes(), 0, n).is_some(),
        }
    }
}

/// What the customer's replies say about a suggestion.
fn outcome_of(replies: &str) -> Outcome {
    const FAILED: Words = words![
        "didn't work",
        "didnt work",
        "did not work",
        "doesn't work",
        "doesnt work",
        "does not work",
        "not working",
        "won't work",
        "still",
        "already tried",
        "already did",
        "already done",
        "already checked",
        "already do",
        "tried that",
        "tried it",
        "tried this",
        "same error",
        "same problem",
        "same issue",
        "same thing",
        "no luck",
        "nothing happened",
        "nothing changed",
        "no change",
        "didn't help",
        "did not help",
        "doesn't help",
        "not helpful",
        "not fixed",
        "n't fixed",
        "not solved",
        "not resolved",
        "that's not it",
        "not the problem",
        "can't find",
        "cannot find",
        "can't see",
        "isn't there",
        "not there",
        "doesn't exist",
        "no such",
        "useless",
        "ya lo hice",
        "no funciona",
        "sigue",
        "ne marche pas",
        "ne fonctionne pas",
        "toujours",
        "deja fait",
        "funktioniert nicht",
        "immer noch",
        "schon versucht",
        "nao funciona",
        "ainda",
        "ja tentei",
        "not what i",
        "that's not what",
        "thats not what",
        "doesn't answer",
        "didn't answer",
        "does not answer",
        "you already said",
        "you said that",
        "i know that",
        "i did that",
        "did that already",
        "done that",
    ];
    const WORKED: Words = words![
        "worked",
        "works now",
        "working now",
        "it's working",
        "its working",
        "fixed",
        "solved",
        "resolved",
        "that did it",
        "that helped",
        "that helps",
        "all good",
        "sorted",
        "funciono",
        "ca marche",
        "hat funktioniert",
        "funcionou",
    ];
    const THANKS: Words = words![
        "thanks",
        "thank you",
        "perfect",
        "great",
        "awesome",
        "gracias",
        "merci",
        "danke",
        "obrigad",
    ];
    let t = Folded::new(fold(replies));
    if FAILED.any(|w| t.has(w)) {
        return Outcome::Failed;
    }
    if WORKED.any(|w| t.has(w)) {
        return Outcome::Worked;
    }
    let short = t.text.split_whitespace().count() <= 8;
    if short && !t.text.contains('?') && !t.has("but") && THANKS.any(|w| t.has(w)) {
        return Outcome::Worked;
    }
    Outcome::Unclear
}

/// Every suggestion or article the bot gave (the latest [`MAX_ATTEMPTS`]), with what became
/// of it: the customer's messages between it and the next bot message decide; none at all is
/// `no_answer`.
pub fn attempts(messages: &[Message]) -> Vec<Attempt> {
    let mut out = Vec::new();
    // Latest first, so the older messages are never read once enough attempts are found.
    for (i, m) in messages.iter().enumerate().rev() {
        if out.len() == MAX_ATTEMPTS {
            break;
        }
        if m.role != Role::Bot {
            continue;
        }
        let Some(kind) = attempt_kind(&m.text) else {
            continue;
        };
        let mut replies = String::new();
        let mut reply_index = None;
        for (k, r) in messages.iter().enumerate().skip(i + 1) {
            match r.role {
                Role::Bot | Role::Agent => break,
                Role::Customer => {
                    reply_index.get_or_insert(k);
                    replies.push_str(&r.text);
                    replies.push('\n');
                }
                Role::System => {}
            }
        }
        let outcome = if reply_index.is_some() {
            outcome_of(&replies)
        } else {
            Outcome::NoAnswer
        };
        out.push(Attempt {
            message_index: i,
            kind,
            text: clip_marked(m.text.trim(), MAX_ATTEMPT_BYTES),
            outcome,
            reply_index,
        });
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(turns: &[(Role, &str)]) -> Vec<Message> {
        turns.iter().map(|(r, t)| Message::new(*r, *t)).collect()
    }

    #[test]
    fn problem_skips_greetings_and_keeps_their_words() {
        let m = conv(&[
            (Role::Customer, "hi there"),
            (Role::Bot, "Hello! How can I help?"),
            (Role::Customer, "my invoice INV-2041 is wrong"),
            (Role::Customer, "I was charged twice for the Pro plan"),
            (Role::Customer, "ah, found the refund, thanks"),
        ]);
        let (p, idx) = problem_statement(&m);
        assert_eq!(
            p,
            "my invoice INV-2041 is wrong I was charged twice for the Pro plan"
        );
        assert_eq!(idx, vec![2, 3]);
    }

    #[test]
    fn facts_from_cues_and_shapes() {
        let m = conv(&[
            (
                Role::Customer,
                "Order #JP-55120 shows error E4012, and invoice 2026-0042 too.",
            ),
            (
                Role::Customer,
                "Also ERR_CONNECTION_RESET and 0x80070005 on the Pro plan, 3 days now",
            ),
            (Role::Bot, "order 99999 is not the customer's"),
        ]);
        let f = facts(&m, &["https://shop.example/orders/AB-778/proof"], None);
        assert_eq!(f.order_numbers, vec!["JP-55120", "AB-778"]);
        assert_eq!(f.invoice_numbers, vec!["2026-0042"]);
        assert_eq!(
            f.error_codes,
            vec!["E4012", "ERR_CONNECTION_RESET", "0x80070005"]
        );
        assert_eq!(f.plan.as_deref(), Some("Pro"));
        let f = facts(&m, &[], Some("Scale"));
        assert_eq!(f.plan.as_deref(), Some("Scale"));
        // A redacted value is never a fact.
        let m = conv(&[(Role::Customer, "order [card ****4242] failed")]);
        assert!(facts(&m, &[], None).is_empty());
    }

    #[test]
    fn attempts_and_their_outcomes() {
        let m = conv(&[
            (Role::Customer, "my invoice is wrong"),
            (
                Role::Bot,
                "Sorry to hear that! Have you checked Billing > Invoices?",
            ),
            (Role::Customer, "yes I ALREADY did that. this is ridiculous"),
            (
                Role::Bot,
                "See this article: https://help.example.com/a/123",
            ),
            (Role::Customer, "ok that worked, thanks"),
            (Role::Bot, "Which browser do you use?"),
            (Role::Customer, "Chrome"),
            (Role::Bot, "Try clearing your cache."),
            (Role::Customer, "hmm, which button is that"),
            (Role::Bot, "Please restart the app."),
            (Role::Customer, "that's not what I asked"),
            (Role::Bot, "Please update the app."),
        ]);
        let a = attempts(&m);
        let got: Vec<(usize, AttemptKind, Outcome, Option<usize>)> = a
            .iter()
            .map(|a| (a.message_index, a.kind, a.outcome, a.reply_index))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, AttemptKind::Suggestion, Outcome::Failed, Some(2)),
                (3, AttemptKind::Article, Outcome::Worked, Some(4)),
                (7, AttemptKind::Suggestion, Outcome::Unclear, Some(8)),
                (9, AttemptKind::Suggestion, Outcome::Failed, Some(10)),
                (11, AttemptKind::Suggestion, Outcome::NoAnswer, None),
            ]
        );
    }
}
