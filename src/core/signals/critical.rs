//! Critical incidents that must reach a human at once, whatever the thresholds: account
//! takeover, unauthorized charges, outages, data loss, legal threats and safety. Phrases are
//! compiled once into a table; a message is critical when it holds a strong phrase, or two
//! different weak phrases of one category, or a weak phrase with one of its category's anchors
//! ("wasn't me" next to a transfer). Hypotheticals and prevention questions ("how do I prevent
//! unauthorized access") and negations ("not hacked") do not count.

use super::lexicon::{PhraseTable, Tokens};
use crate::core::decision::Skill;

/// What kind of critical incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Someone else controls the customer's account.
    AccountTakeover,
    /// Money taken without the customer's consent.
    UnauthorizedCharge,
    /// The service is down.
    Outage,
    /// Data destroyed, encrypted or gone.
    DataLoss,
    /// A legal threat.
    Legal,
    /// Someone is hurt or in danger.
    Safety,
    /// A phrase from the policy's own critical list.
    Policy,
}

impl Category {
    /// A short name for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::AccountTakeover => "account takeover",
            Category::UnauthorizedCharge => "unauthorized charge",
            Category::Outage => "outage",
            Category::DataLoss => "data loss",
            Category::Legal => "legal threat",
            Category::Safety => "safety",
            Category::Policy => "policy phrase",
        }
    }

    /// The team that handles it; `None` leaves the choice to the conversation's topics.
    pub fn skill(self) -> Option<Skill> {
        match self {
            Category::AccountTakeover | Category::UnauthorizedCharge | Category::DataLoss => {
                Some(Skill::Security)
            }
            Category::Outage => Some(Skill::Technical),
            Category::Legal | Category::Safety => Some(Skill::General),
            Category::Policy => None,
        }
    }
}

/// How much a phrase proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Enough alone.
    Strong,
    /// Needs a second weak phrase or an anchor of the same category.
    Weak,
    /// Context that makes a weak phrase enough.
    Anchor,
}

use Category::*;
use Kind::*;

/// Built-in phrases: (language, phrase, category, kind).
const PHRASES: &[(&str, &str, Category, Kind)] = &[
    // Account takeover.
    ("en", "hacked", AccountTakeover, Strong),
    ("en", "hacker", AccountTakeover, Strong),
    ("en", "hijacked", AccountTakeover, Strong),
    ("en", "account takeover", AccountTakeover, Strong),
    ("en", "taken over my account", AccountTakeover, Strong),
    (
        "en",
        "someone logged into my account",
        AccountTakeover,
        Strong,
    ),
    (
        "en",
        "someone logged in to my account",
        AccountTakeover,
        Strong,
    ),
    ("en", "someone accessed my account", AccountTakeover, Strong),
    ("en", "someone changed my password", AccountTakeover, Strong),
    ("en", "unauthorized access", AccountTakeover, Strong),
    ("en", "unauthorised access", AccountTakeover, Strong),
    ("en", "account is compromised", AccountTakeover, Strong),
    ("en", "account was compromised", AccountTakeover, Strong),
    (
        "en",
        "account has been compromised",
        AccountTakeover,
        Strong,
    ),
    ("en", "defaced", AccountTakeover, Weak),
    ("en", "password was changed", AccountTakeover, Weak),
    ("en", "email was changed", AccountTakeover, Weak),
    ("en", "locked out", AccountTakeover, Weak),
    ("en", "login is being rejected", AccountTakeover, Weak),
    ("en", "login rejected", AccountTakeover, Weak),
    ("en", "someone else", AccountTakeover, Anchor),
    ("en", "not me", AccountTakeover, Anchor),
    ("en", "wasn't me", AccountTakeover, Anchor),
    ("en", "without my permission", AccountTakeover, Anchor),
    ("en", "i didn't change", AccountTakeover, Anchor),
    ("es", "hackeado", AccountTakeover, Strong),
    ("es", "hackearon", AccountTakeover, Strong),
    ("es", "acceso no autorizado", AccountTakeover, Strong),
    ("fr", "pirate", AccountTakeover, Strong),
    ("fr", "acces non autorise", AccountTakeover, Strong),
    ("de", "gehackt", AccountTakeover, Strong),
    ("de", "unbefugter zugriff", AccountTakeover, Strong),
    ("pt", "hackeada", AccountTakeover, Strong),
    ("pt", "hackeado", AccountTakeover, Strong),
    ("pt", "invadida", AccountTakeover, Strong),
    ("pt", "acesso nao autorizado", AccountTakeover, Strong),
    // Unauthorized charges.
    ("en", "unauthorized charge", UnauthorizedCharge, Strong),
    ("en", "unauthorised charge", UnauthorizedCharge, Strong),
    ("en", "unauthorized transaction", UnauthorizedCharge, Strong),
    ("en", "unauthorised transaction", UnauthorizedCharge, Strong),
    ("en", "unauthorized payment", UnauthorizedCharge, Strong),
    ("en", "unauthorised payment", UnauthorizedCharge, Strong),
    ("en", "unauthorized transfer", UnauthorizedCharge, Strong),
    ("en", "unauthorised transfer", UnauthorizedCharge, Strong),
    ("en", "i didn't authorize", UnauthorizedCharge, Strong),
    ("en", "i didn't authorise", UnauthorizedCharge, Strong),
    ("en", "i did not authorize", UnauthorizedCharge, Strong),
    ("en", "i did not authorise", UnauthorizedCharge, Strong),
    ("en", "i never authorized", UnauthorizedCharge, Strong),
    ("en", "i never authorised", UnauthorizedCharge, Strong),
    ("en", "fraudulent", UnauthorizedCharge, Strong),
    ("en", "card was stolen", UnauthorizedCharge, Strong),
    ("en", "stolen card", UnauthorizedCharge, Strong),
    ("en", "identity theft", UnauthorizedCharge, Strong),
    ("en", "identity fraud", UnauthorizedCharge, Strong),
    ("en", "using my identity", UnauthorizedCharge, Strong),
    ("en", "stole my identity", UnauthorizedCharge, Strong),
    ("en", "stolen my identity", UnauthorizedCharge, Strong),
    ("en", "impersonating me", UnauthorizedCharge, Strong),
    ("en", "fraud", UnauthorizedCharge, Weak),
    ("en", "wasn't me", UnauthorizedCharge, Weak),
    ("en", "was not me", UnauthorizedCharge, Weak),
    ("en", "not me", UnauthorizedCharge, Weak),
    ("en", "don't recognize", UnauthorizedCharge, Weak),
    ("en", "don't recognise", UnauthorizedCharge, Weak),
    ("en", "didn't make", UnauthorizedCharge, Weak),
    ("en", "did not make", UnauthorizedCharge, Weak),
    ("en", "charge", UnauthorizedCharge, Anchor),
    ("en", "transaction", UnauthorizedCharge, Anchor),
    ("en", "transfer", UnauthorizedCharge, Anchor),
    ("en", "payment", UnauthorizedCharge, Anchor),
    ("en", "withdrawal", UnauthorizedCharge, Anchor),
    ("en", "purchase", UnauthorizedCharge, Anchor),
    ("en", "went from my account", UnauthorizedCharge, Anchor),
    ("en", "from my account", UnauthorizedCharge, Anchor),
    ("en", "my card", UnauthorizedCharge, Anchor),
    ("es", "cargo no autorizado", UnauthorizedCharge, Strong),
    ("es", "no fui yo", UnauthorizedCharge, Strong),
    ("es", "no reconozco", UnauthorizedCharge, Weak),
    ("es", "fraude", UnauthorizedCharge, Weak),
    ("es", "cargo", UnauthorizedCharge, Anchor),
    ("es", "tarjeta", UnauthorizedCharge, Anchor),
    ("fr", "ce n'etait pas moi", UnauthorizedCharge, Strong),
    ("fr", "prelevement non autorise", UnauthorizedCharge, Strong),
    ("fr", "fraude", UnauthorizedCharge, Weak),
    ("fr", "je ne reconnais pas", UnauthorizedCharge, Weak),
    ("fr", "carte", UnauthorizedCharge, Anchor),
    ("de", "das war ich nicht", UnauthorizedCharge, Strong),
    ("de", "betrug", UnauthorizedCharge, Weak),
    ("de", "abbuchung", UnauthorizedCharge, Anchor),
    ("pt", "nao fui eu", UnauthorizedCharge, Strong),
    ("pt", "nao reconheco", UnauthorizedCharge, Weak),
    ("pt", "fraude", UnauthorizedCharge, Weak),
    ("pt", "cobranca", UnauthorizedCharge, Anchor),
    ("pt", "cartao", UnauthorizedCharge, Anchor),
    // Outages.
    ("en", "outage", Outage, Strong),
    ("en", "site is down", Outage, Strong),
    ("en", "website is down", Outage, Strong),
    ("en", "service is down", Outage, Strong),
    ("en", "servers are down", Outage, Strong),
    ("en", "server is down", Outage, Strong),
    ("en", "system is down", Outage, Strong),
    ("en", "app is down", Outage, Strong),
    ("en", "platform is down", Outage, Strong),
    ("en", "everything is down", Outage, Strong),
    ("en", "production is down", Outage, Strong),
    ("en", "completely down", Outage, Strong),
    ("en", "down for everyone", Outage, Strong),
    ("en", "nobody can log in", Outage, Strong),
    ("en", "no one can log in", Outage, Strong),
    ("en", "none of our customers can", Outage, Strong),
    ("en", "none of our users can", Outage, Strong),
    ("en", "can't log in", Outage, Weak),
    ("en", "cannot log in", Outage, Weak),
    ("en", "unable to log in", Outage, Weak),
    ("en", "can't access", Outage, Weak),
    ("en", "cannot access", Outage, Weak),
    ("en", "not loading", Outage, Weak),
    ("en", "is down", Outage, Weak),
    ("en", "everyone", Outage, Anchor),
    ("en", "whole team", Outage, Anchor),
    ("en", "entire team", Outage, Anchor),
    ("en", "whole company", Outage, Anchor),
    ("en", "entire company", Outage, Anchor),
    ("en", "all users", Outage, Anchor),
    ("en", "all our users", Outage, Anchor),
    ("en", "all our customers", Outage, Anchor),
    ("en", "nobody", Outage, Anchor),
    ("en", "no one", Outage, Anchor),
    ("es", "caida del servicio", Outage, Strong),
    ("fr", "panne", Outage, Strong),
    ("de", "ausfall", Outage, Strong),
    ("pt", "fora do ar", Outage, Strong),
    // Data loss.
    ("en", "data loss", DataLoss, Strong),
    ("en", "lost all", DataLoss, Strong),
    ("en", "lost everything", DataLoss, Strong),
    ("en", "all my data", DataLoss, Weak),
    ("en", "all our data", DataLoss, Weak),
    ("en", "all my files", DataLoss, Weak),
    ("en", "all our files", DataLoss, Weak),
    ("en", "all the files", DataLoss, Weak),
    ("en", "everything is gone", DataLoss, Strong),
    ("en", "data is gone", DataLoss, Strong),
    ("en", "files are gone", DataLoss, Strong),
    ("en", "wiped", DataLoss, Anchor),
    ("en", "gone", DataLoss, Anchor),
    ("en", "deleted", DataLoss, Anchor),
    ("en", "disappeared", DataLoss, Anchor),
    ("en", "erased", DataLoss, Anchor),
    ("en", "encrypted", DataLoss, Anchor),
    ("en", "lost", DataLoss, Anchor),
    ("en", "ransomware", DataLoss, Strong),
    ("en", "ransom", DataLoss, Strong),
    ("en", "encrypted our files", DataLoss, Strong),
    ("en", "files are encrypted", DataLoss, Strong),
    ("en", "bitcoin", DataLoss, Weak),
    ("en", "locked", DataLoss, Anchor),
    ("en", "renamed", DataLoss, Anchor),
    ("en", "spreading", DataLoss, Weak),
    ("es", "perdi todos", DataLoss, Strong),
    ("fr", "perdu toutes", DataLoss, Strong),
    ("de", "alle daten", DataLoss, Weak),
    ("pt", "perdi todos", DataLoss, Strong),
    // Legal threats.
    ("en", "lawyer", Legal, Strong),
    ("en", "attorney", Legal, Strong),
    ("en", "solicitor", Legal, Strong),
    ("en", "lawsuit", Legal, Strong),
    ("en", "legal action", Legal, Strong),
    ("en", "sue you", Legal, Strong),
    ("en", "going to sue", Legal, Strong),
    ("en", "will sue", Legal, Strong),
    ("en", "take you to court", Legal, Strong),
    ("en", "see you in court", Legal, Strong),
    ("en", "small claims", Legal, Strong),
    ("en", "class action", Legal, Strong),
    ("es", "abogado", Legal, Strong),
    ("es", "demandar", Legal, Strong),
    ("fr", "avocat", Legal, Strong),
    ("fr", "poursuites", Legal, Strong),
    ("de", "anwalt", Legal, Strong),
    ("de", "verklagen", Legal, Strong),
    ("pt", "advogado", Legal, Strong),
    ("pt", "processar voces", Legal, Strong),
    // Safety.
    ("en", "injured", Safety, Strong),
    ("en", "injury", Safety, Strong),
    ("en", "ambulance", Safety, Strong),
    ("en", "caught fire", Safety, Strong),
    ("en", "on fire", Safety, Strong),
    ("en", "exploded", Safety, Strong),
    ("en", "electrocuted", Safety, Strong),
    ("en", "electric shock", Safety, Strong),
    ("en", "poisoned", Safety, Strong),
    ("en", "emergency room", Safety, Strong),
    ("en", "kill myself", Safety, Strong),
    ("en", "suicide", Safety, Strong),
    ("en", "swallowed", Safety, Strong),
    ("en", "choking", Safety, Strong),
    ("en", "choked", Safety, Strong),
    ("en", "allergic reaction", Safety, Strong),
    ("en", "carbon monoxide", Safety, Strong),
    ("en", "gas leak", Safety, Strong),
    ("en", "overdose", Safety, Strong),
    ("en", "end my life", Safety, Strong),
    ("en", "hurt", Safety, Weak),
    ("en", "fell", Safety, Weak),
    ("en", "bleeding", Safety, Weak),
    ("en", "burned", Safety, Weak),
    ("en", "burnt", Safety, Weak),
    ("en", "doctor", Safety, Weak),
    ("en", "hospital", Safety, Weak),
    ("en", "smoke", Safety, Weak),
    ("en", "sparks", Safety, Weak),
    ("en", "fire", Safety, Weak),
    ("en", "snapped", Safety, Weak),
    ("en", "dangerous", Safety, Weak),
    ("en", "emergency", Safety, Weak),
    ("es", "herido", Safety, Strong),
    ("fr", "blesse", Safety, Strong),
    ("de", "verletzt", Safety, Strong),
    ("pt", "ferido", Safety, Strong),
];

/// Phrases that look critical but are not ("power of attorney", "fire up").
const EXCEPTIONS: &[&str] = &[
    "power of attorney",
    "fire up",
    "gone through",
    "hurt to",
    "fell through",
    "locked in",
];

/// Words that, shortly before a phrase, make it hypothetical or preventive.
const HYPOTHETICAL: &[&str] = &[
    "prevent",
    "avoid",
    "protect",
    "if",
    "case",
    "whether",
    "policy",
    "planned",
    "scheduled",
    "against",
    "any",
    "si",
    "caso",
    "falls",
];

/// At most this many exceptions and weak phrases are kept per message.
const MAX_HITS: usize = 32;

/// Words that, just before a phrase, negate it.
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "isn't", "wasn't", "without", "nothing",
];

/// A phrase as the customer wrote it, in single quotes.
fn quoted(s: &str) -> String {
    format!("'{s}'")
}

/// A detected critical incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Which kind.
    pub category: Category,
    /// The phrase(s) that matched.
    pub evidence: String,
    /// The language of the phrase (`custom` for policy phrases).
    pub language: &'static str,
}

type Entry = (Category, Kind, &'static str);

/// The built-in phrases and exceptions, compiled once per process on first use.
fn builtin() -> &'static (PhraseTable<Entry>, PhraseTable<()>) {
    static BUILTIN: std::sync::OnceLock<(PhraseTable<Entry>, PhraseTable<()>)> =
        std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        (
            PhraseTable::new(
                PHRASES
                    .iter()
                    .map(|&(lang, phrase, category, kind)| (phrase, (category, kind, lang))),
            ),
            PhraseTable::new(EXCEPTIONS.iter().map(|p| (*p, ()))),
        )
    })
}

/// The critical-incident table: the built-in phrases (shared, compiled once) plus the
/// policy's own, compiled per engine.
#[derive(Debug, Clone, Default)]
pub struct CriticalTable {
    custom: PhraseTable<Entry>,
}

impl CriticalTable {
    /// Compiles the policy's phrases (each strong on its own) next to the built-in ones.
    pub fn new<'a>(extra: impl IntoIterator<Item = &'a str>) -> CriticalTable {
        CriticalTable {
            custom: PhraseTable::new(
                extra
                    .into_iter()
                    .map(|phrase| (phrase, (Category::Policy, Kind::Strong, "custom"))),
            ),
        }
    }

    /// Finds a critical incident in a message's words.
    pub fn detect(&self, tokens: &Tokens) -> Option<Match> {
        let (table, exceptions) = builtin();
        let mut excluded: Vec<(usize, usize)> = Vec::new();
        // The lists below are capped so that a long message stays linear in its length.
        exceptions.for_each_match(tokens, |s, l, _| {
            if excluded.len() < MAX_HITS {
                excluded.push((s, s + l))
            }
        });
        // Per category: first strong hit, weak hits (distinct phrases), whether an anchor hit.
        let mut strong: Option<(usize, Category, String, &'static str)> = None;
        let mut weak: Vec<(Category, String, &'static str)> = Vec::new();
        let mut anchors: Vec<Category> = Vec::new();
        let mut visit = |start: usize, len: usize, &(category, kind, lang): &Entry| {
            if excluded.iter().any(|&(a, b)| start < b && a < start + len) {
                return;
            }
            if kind != Anchor
                && (tokens.preceded_by(start, 2, NEGATIONS)
                    || tokens.preceded_by(start, 6, HYPOTHETICAL))
            {
                return;
            }
            match kind {
                Strong => {
                    if strong.is_none() {
                        strong = Some((start, category, quoted(tokens.source(start, len)), lang));
                    }
                }
                Weak => {
                    let quote = quoted(tokens.source(start, len));
                    if weak.len() < MAX_HITS
                        && !weak.iter().any(|(c, q, _)| *c == category && *q == quote)
                    {
                        weak.push((category, quote, lang));
                    }
                }
                Anchor => {
                    if !anchors.contains(&category) {
                        anchors.push(category)
                    }
                }
            }
        };
        table.for_each_match(tokens, &mut visit);
        self.custom.for_each_match(tokens, &mut visit);
        if let Some((_, category, evidence, language)) = strong {
            return Some(Match {
                category,
                evidence,
                language,
            });
        }
        let money = tokens.money > 0;
        for (i, (category, quote, lang)) in weak.iter().enumerate() {
            let second = weak[i + 1..].iter().find(|(c, _, _)| c == category);
            let anchored = anchors.contains(category) || (*category == UnauthorizedCharge && money);
            if let Some((_, other, _)) = second {
                return Some(Match {
                    category: *category,
                    evidence: format!("{quote} and {other}"),
                    language: lang,
                });
            }
            if anchored {
                return Some(Match {
                    category: *category,
                    evidence: quote.clone(),
                    language: lang,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Option<Category> {
        CriticalTable::default()
            .detect(&Tokens::new(text))
            .map(|m| m.category)
    }

    #[test]
    fn finds_incidents() {
        assert_eq!(detect("my account got hacked"), Some(AccountTakeover));
        assert_eq!(
            detect("£2,300 went from my account. That wasn't me"),
            Some(UnauthorizedCharge)
        );
        assert_eq!(detect("our whole site is down"), Some(Outage));
        assert_eq!(detect("I will sue you"), Some(Legal));
        assert_eq!(
            detect("the heater caught fire in the kitchen"),
            Some(Safety)
        );
        assert_eq!(
            detect("he fell and hurt his back on the machine"),
            Some(Safety)
        );
    }

    #[test]
    fn ignores_hypotheticals_negations_and_exceptions() {
        assert_eq!(
            detect("how do I prevent unauthorized access to my team"),
            None
        );
        assert_eq!(
            detect("no, I was not hacked, I just forgot my password"),
            None
        );
        assert_eq!(detect("I need a power of attorney form"), None);
        assert_eq!(detect("I deleted a draft, can I get it back?"), None);
        assert_eq!(detect("my back hurt after the class"), None);
        assert_eq!(detect("is there any outage today? it felt slow"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn policy_phrases_are_strong() {
        let t = CriticalTable::new(["chemical spill"]);
        let m = t.detect(&Tokens::new("there is a chemical spill")).unwrap();
        assert_eq!(m.category, Category::Policy);
        assert_eq!(m.language, "custom");
    }
}
