//! Critical incidents that must reach a human at once, whatever the thresholds: account
//! takeover, unauthorized charges, outages, data loss, legal threats and safety. Phrases are
//! compiled once into a table; a message is critical when it holds a strong phrase, or two
//! different weak phrases of one category, or a weak phrase with one of its category's anchors
//! ("wasn't me" next to a transfer). Hypotheticals and prevention questions ("how do I prevent
//! unauthorized access") and negations ("not hacked") do not count.

use super::lexicon::{quoted, PhraseTable, Tokens};
use super::packed;
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

/// Built-in phrases, packed ([`super::packed`]): groups `language ck:phrase|…;`, the category
/// `c` one of `t` (account takeover), `u` (unauthorized charge), `o` (outage), `d` (data loss),
/// `l` (legal), `s` (safety), the kind `k` one of `s` (strong), `w` (weak), `a` (anchor).
const PHRASES: &str = concat!(
    // Account takeover.
    "en ts:hacked|hacker|hijacked|account takeover|taken over my account|",
    "someone logged into my account|someone logged in to my account|",
    "someone accessed my account|someone changed my password|unauthorized access|",
    "unauthorised access|account is compromised|account was compromised|",
    "account has been compromised;",
    "en tw:defaced|password was changed|email was changed|locked out|login is being rejected|",
    "login rejected;",
    "en ta:someone else|not me|wasn't me|without my permission|i didn't change;",
    "es ts:hackeado|hackearon|acceso no autorizado;",
    "fr ts:pirate|acces non autorise;",
    "de ts:gehackt|unbefugter zugriff;",
    "pt ts:hackeada|hackeado|invadida|acesso nao autorizado;",
    // Unauthorized charges.
    "en us:unauthorized charge|unauthorised charge|unauthorized transaction|",
    "unauthorised transaction|unauthorized payment|unauthorised payment|",
    "unauthorized transfer|unauthorised transfer|i didn't authorize|i didn't authorise|",
    "i did not authorize|i did not authorise|i never authorized|i never authorised|",
    "fraudulent|card was stolen|stolen card|identity theft|identity fraud|using my identity|",
    "stole my identity|stolen my identity|impersonating me;",
    "en uw:fraud|wasn't me|was not me|not me|don't recognize|don't recognise|didn't make|",
    "did not make;",
    "en ua:charge|transaction|transfer|payment|withdrawal|purchase|went from my account|",
    "from my account|my card;",
    "es us:cargo no autorizado|no fui yo;",
    "es uw:no reconozco|fraude;",
    "es ua:cargo|tarjeta;",
    "fr us:ce n'etait pas moi|prelevement non autorise;",
    "fr uw:fraude|je ne reconnais pas;",
    "fr ua:carte;",
    "de us:das war ich nicht;",
    "de uw:betrug;",
    "de ua:abbuchung;",
    "pt us:nao fui eu;",
    "pt uw:nao reconheco|fraude;",
    "pt ua:cobranca|cartao;",
    // Outages.
    "en os:outage|site is down|website is down|service is down|servers are down|",
    "server is down|system is down|app is down|platform is down|everything is down|",
    "production is down|completely down|down for everyone|nobody can log in|",
    "no one can log in|none of our customers can|none of our users can;",
    "en ow:can't log in|cannot log in|unable to log in|can't access|cannot access|",
    "not loading|is down;",
    "en oa:everyone|whole team|entire team|whole company|entire company|all users|",
    "all our users|all our customers|nobody|no one;",
    "es os:caida del servicio;",
    "fr os:panne;",
    "de os:ausfall;",
    "pt os:fora do ar;",
    // Data loss.
    "en ds:data loss|lost all|lost everything;",
    "en dw:all my data|all our data|all my files|all our files|all the files;",
    "en ds:everything is gone|data is gone|files are gone;",
    "en da:wiped|gone|deleted|disappeared|erased|encrypted|lost;",
    "en ds:ransomware|ransom|encrypted our files|files are encrypted;",
    "en dw:bitcoin;",
    "en da:locked|renamed;",
    "en dw:spreading;",
    "es ds:perdi todos;",
    "fr ds:perdu toutes;",
    "de dw:alle daten;",
    "pt ds:perdi todos;",
    // Legal threats.
    "en ls:lawyer|attorney|solicitor|lawsuit|legal action|sue you|going to sue|will sue|",
    "take you to court|see you in court|small claims|class action;",
    "es ls:abogado|demandar;",
    "fr ls:avocat|poursuites;",
    "de ls:anwalt|verklagen;",
    "pt ls:advogado|processar voces;",
    // Safety.
    "en ss:injured|injury|ambulance|caught fire|on fire|exploded|electrocuted|electric shock|",
    "poisoned|emergency room|kill myself|suicide|swallowed|choking|choked|allergic reaction|",
    "carbon monoxide|gas leak|overdose|end my life;",
    "en sw:hurt|fell|bleeding|burned|burnt|doctor|hospital|smoke|sparks|fire|snapped|",
    "dangerous|emergency;",
    "es ss:herido;",
    "fr ss:blesse;",
    "de ss:verletzt;",
    "pt ss:ferido;",
);

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

/// Reads a packed tag `"<language> <category letter><kind letter>"`.
fn entry(tag: &'static str) -> Option<Entry> {
    let (lang, letters) = tag.split_once(' ')?;
    let &[category, kind] = letters.as_bytes() else {
        return None;
    };
    let category = match category {
        b't' => AccountTakeover,
        b'u' => UnauthorizedCharge,
        b'o' => Outage,
        b'd' => DataLoss,
        b'l' => Legal,
        b's' => Safety,
        _ => return None,
    };
    let kind = match kind {
        b's' => Strong,
        b'w' => Weak,
        b'a' => Anchor,
        _ => return None,
    };
    Some((category, kind, lang))
}

/// The built-in phrases and exceptions, compiled once per process on first use.
fn builtin() -> &'static PhraseTable<Option<Entry>> {
    static BUILTIN: std::sync::OnceLock<PhraseTable<Option<Entry>>> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        // The phrases, then the exceptions (`None`), in one table: one walk over a message's
        // words finds both, each kind in the order a table of its own gave.
        let mut table = PhraseTable::new(
            packed::rows(PHRASES).filter_map(|(tag, phrase)| Some((phrase, Some(entry(tag)?)))),
        );
        table.extend(EXCEPTIONS.iter().map(|p| (*p, None)));
        table
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
        let mut excluded: Vec<(usize, usize)> = Vec::new();
        // The built-in phrases found (a few per word at most), read once every exception is
        // known.
        let mut found: Vec<(usize, usize, Entry)> = Vec::new();
        // The lists below are capped so that a long message stays linear in its length.
        builtin().for_each_match(tokens, |s, l, entry| match entry {
            None => {
                if excluded.len() < MAX_HITS {
                    excluded.push((s, s + l))
                }
            }
            Some(entry) => found.push((s, l, *entry)),
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
        for (start, len, entry) in &found {
            visit(*start, *len, entry);
        }
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
            let later = weak.get(i + 1..).unwrap_or_default();
            let second = later.iter().find(|(c, _, _)| c == category);
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

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, phrase) in packed::rows(PHRASES) {
            assert!(!phrase.is_empty(), "an empty phrase under {tag:?}");
            assert!(entry(tag).is_some(), "tag {tag:?} of {phrase:?}");
        }
    }

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
