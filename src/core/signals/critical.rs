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
/// `l` (legal), `s` (safety), the kind `k` one of `s` (strong), `w` (weak), `a` (anchor). A
/// phrase may be a pattern ([`expand`]): each word a choice `a/b/c` (an empty choice makes the
/// word optional, `_` joins the words of one choice), so that a class of phrasing ("someone" or
/// "a stranger", "got" or "broke", "into my") is written once.
const PHRASES: &str = concat!(
    // Account takeover.
    "en ts:hacked|hacker|hijacked|account takeover|taken over my account|",
    "someone accessed my account|someone logged in to my account|unauthorized access|",
    "unauthorised access|account is compromised|account was compromised|",
    "account has been compromised;",
    // Someone else inside the account: "someone got into my account", "a stranger is using my
    // profile", "somebody took over my account".
    "en ts:someone/somebody/someone_else/a_stranger/some_stranger/a_scammer/scammers ",
    "got/gotten/has_gotten/broke/broken/has_broken/logged/signed/hacked/snuck/just_got into my|",
    "someone/somebody/someone_else/a_stranger/a_scammer/scammers took/taken/has_taken/is_taking ",
    "over my|",
    "someone/somebody/someone_else/a_stranger is/was/has_been/is_still/keeps/started/ ",
    "using/accessing/logged_into/logging_into my account/acct/profile/login/email/wallet|",
    "someone/somebody/someone_else/a_stranger is/was/has_been/is_still/been in my ",
    "account/acct/profile/email/wallet|",
    "someone/somebody/someone_else/a_stranger gained/got/gotten access to my|",
    "someone/somebody/someone_else/a_stranger/the_hacker/they changed/reset/removed ",
    "my password/email/email_address/phone_number/2fa/two-factor/recovery_email;",
    // The account's credentials changed: needs a second sign or an anchor ("I didn't").
    "en tw:defaced|locked out|login is being rejected|login rejected|",
    "password/email/email_address/phone_number/number/2fa/2fa_device/two-factor/authenticator/",
    "recovery_email/login_email/security_questions was/were/has_been/have_been/got/is_now ",
    "changed/removed/disabled/turned_off/switched|",
    "device/phone/number/email/address/account/wallet i_don't/i_dont/i_do_not ",
    "own/recognise/recognize|2fa is now on|",
    "trading/traded/selling/sold/giving/gave away/off my/all_my;",
    "en ta:someone else|not me|wasn't me|wasnt me|without my permission|without my knowledge|",
    "i didn't/didnt/did_not/never change/request/authorise/authorize|",
    "didn't/didnt/did_not do any of this/that|none of this was me|not by me;",
    "es ts:hackeado|hackearon|acceso no autorizado|",
    "alguien entro/accedio/esta_usando/uso/se_metio en/a/ mi cuenta|",
    "me robaron la cuenta|robaron mi cuenta|cambiaron mi contrasena/correo;",
    "fr ts:compte pirate|a pirate mon|ete pirate|piratage|acces non autorise|",
    "quelqu'un s'est connecte/introduit a/sur/dans mon compte|quelqu'un utilise mon compte|",
    "on a change mon mot de passe;",
    "de ts:gehackt|unbefugter zugriff|jemand hat sich in mein konto|jemand nutzt mein konto|",
    "jemand hat mein passwort geandert;",
    "pt ts:hackeada|hackeado|invadida|invadiram|acesso nao autorizado|",
    "alguem entrou/invadiu/acessou/esta_usando na/a/ minha conta|",
    "mudaram/trocaram minha senha/email;",
    // Unauthorized charges.
    "en us:unauthorized charge|unauthorised charge|unauthorized transaction|",
    "unauthorised transaction|unauthorized payment|unauthorised payment|",
    "unauthorized transfer|unauthorised transfer|unauthorized withdrawal|",
    "unauthorised withdrawal|i didn't authorize|i didn't authorise|",
    "i did not authorize|i did not authorise|i never authorized|i never authorised|",
    "fraudulent|card was stolen|stolen card|identity theft|identity fraud|using my identity|",
    "stole my identity|stolen my identity|impersonating me|",
    "drained/emptied/cleaned_out my account/wallet/balance/savings;",
    // A transfer the customer did not make: "wasn't me", "I didn't do any of this", "an
    // address I've never seen", next to an anchor (a transfer, a withdrawal).
    "en uw:fraud|wasn't me|wasnt me|was not me|not me|don't recognize|don't recognise|",
    "dont recognize|dont recognise|didn't make|did not make|",
    "i didn't/didnt/did_not/never initiate|",
    "didn't/didnt/did_not do any of this/that|none of this was me|",
    "address/wallet/recipient i've_never/i_have_never/i_never/i_don't/i_dont seen/recognise/",
    "recognize/own|unknown address/wallet/recipient/account;",
    "en ua:charge|transaction|transfer|payment|withdrawal|withdrawn|withdrew|purchase|",
    "went from my account|from my account|my card|traded away|trading away|sent out;",
    "es us:cargo no autorizado|no fui yo;",
    "es uw:no reconozco|fraude;",
    "es ua:cargo|tarjeta|retiro|transferencia;",
    "fr us:ce n'etait pas moi|prelevement non autorise;",
    "fr uw:fraude|je ne reconnais pas;",
    "fr ua:carte|retrait|virement;",
    "de us:das war ich nicht;",
    "de uw:betrug;",
    "de ua:abbuchung|auszahlung|uberweisung;",
    "pt us:nao fui eu;",
    "pt uw:nao reconheco|fraude;",
    "pt ua:cobranca|cartao|saque|transferencia;",
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
    "carbon monoxide|gas leak|overdose|end my life|",
    // Hazards: gas, burning, live electricity, a vehicle that will not stop.
    "smell of/like/ gas/something_burning/burning_plastic/burning_rubber|gas smell|",
    "burning smell/odor/odour|smoke is/was/keeps coming|smoke coming out/from|",
    "downed/fallen wire/line/power_line/cable/pole|",
    "power/electric line/cable/wire down/is_down/are_down/fell|",
    "it's/it_is/it_was/still/started/keeps/kept/been sparking|",
    "outlet/socket/plug/charger/cord/cable/wire/line/meter/panel/breaker/battery is/are/was/were ",
    "sparking|",
    "brake just/ failed/gave_out/went_out/stopped_working/don't_work/didn't_work/",
    "aren't_working/are_not_working/not_working/are_gone/went_to_the_floor|brake failure|",
    "no brakes|lost the/my/all/ brakes|pedal went/goes/sank/sinks/just_went to_the_floor/",
    "all_the_way_down/almost_to_the_floor|",
    // An injured body part: "my son cut his hand", "she burned her arm".
    "cut/sliced/slashed/gashed/burned/burnt/scalded/broke/broken/fractured/crushed/smashed/",
    "sprained/dislocated/stabbed/injured/scraped my/his/her/their/our ",
    "hand/finger/thumb/arm/leg/foot/feet/toe/wrist/ankle/knee/elbow/shoulder/hip/back/neck/",
    "head/face/eye/lip/mouth/tongue/nose/tooth/teeth/chin/cheek/skin/rib/chest/palm|",
    "hurt/slammed/jammed/pinched/bruised/twisted/banged/bumped my/his/her/their ",
    "hand/finger/thumb/arm/leg/foot/toe/wrist/ankle/knee/elbow/shoulder/hip/back/neck/rib;",
    "en sw:hurt|fell|bleeding|burned|burnt|doctor|hospital|smoke|sparks|fire|snapped|",
    "dangerous|emergency|stitches|swollen|brake|to the floor|line down|wire down|live wire|",
    "exposed wire;",
    // A road or children at risk makes a weak sign enough.
    "en sa:on the highway|on the interstate|on the motorway|on the freeway|on the shoulder|",
    "side of the road|while driving|while i was driving|pulled over|",
    "kids/children/baby/toddler are_inside/inside/in_the_car/in_the_back;",
    "es ss:herido|herida|olor a gas/quemado|huele a gas/quemado|fuga de gas|",
    "los frenos no funcionan|se quedo sin frenos|sin frenos|",
    "se corto/quemo/rompio la_mano/el_dedo/el_brazo/la_pierna;",
    "fr ss:est blesse|suis blesse|ete blesse|s'est blesse|blessure|blessee|odeur de gaz/brule|",
    "ca sent le gaz/brule|fuite de gaz|les freins ne repondent plus|plus de freins|",
    "s'est coupe/brule la_main/le_doigt/le_bras;",
    "de ss:verletzt|riecht nach gas|gasgeruch|brandgeruch|riecht verbrannt|",
    "die bremsen versagen|bremsen versagt|bremsen funktionieren nicht;",
    "pt ss:ferido|ferida|cheiro de gas/queimado|vazamento de gas|",
    "o freio nao funciona|os freios nao funcionam|sem freio|sem freios|",
    "cortou/queimou/quebrou a_mao/o_dedo/o_braco/a_perna;",
);

/// Phrases that look critical but are not ("power of attorney", "fire up", "brake light").
const EXCEPTIONS: &[&str] = &[
    "power of attorney",
    "fire up",
    "gone through",
    "hurt to",
    "fell through",
    "locked in",
    "spark joy",
    "spark plug",
    "spark interest",
    "spark debate",
    "brake light",
    "brake pad",
    "emergency brake",
    "parking brake",
    "hand brake",
    "on fire lol",
    "on fire today",
    "on fire tonight",
    "on fire lately",
    "been on fire",
    "smoke alarm",
    "smoke detector",
];

/// Words that, shortly before a phrase, make it hypothetical, preventive or fictional ("my
/// character got injured"). Compared with the words as written and with their stems.
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
    "character",
    "avatar",
    "npc",
];

/// At most this many exceptions and weak phrases are kept per message.
const MAX_HITS: usize = 32;

/// Words that, just before a phrase, negate it.
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "isn't", "wasn't", "without", "nothing", "don't", "dont", "didn't",
    "didnt", "doesn't", "haven't", "hasn't",
];

/// Every phrase a pattern of [`PHRASES`] stands for, in order: its words separated by spaces,
/// each a choice of alternatives separated by `/` (an empty one makes the word optional), `_`
/// joining the words of one alternative. A phrase without `/` or `_` stands for itself.
fn expand(pattern: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for slot in pattern.split(' ').filter(|s| !s.is_empty()) {
        out = out
            .iter()
            .flat_map(|head| {
                slot.split('/').map(move |choice| {
                    let mut phrase = head.clone();
                    if !choice.is_empty() {
                        if !phrase.is_empty() {
                            phrase.push(' ');
                        }
                        phrase.extend(choice.chars().map(|c| if c == '_' { ' ' } else { c }));
                    }
                    phrase
                })
            })
            .collect();
    }
    out
}

/// Whether one of `cues` is among the `before` words preceding word `start`, as written or
/// stemmed (the cue "nothing" is written whole; "prevent" also meets "prevents").
fn cue_before(tokens: &Tokens, start: usize, before: usize, cues: &[&str]) -> bool {
    (start.saturating_sub(before)..start.min(tokens.len()))
        .any(|i| cues.contains(&tokens.word(i)) || cues.contains(&tokens.whole_word(i)))
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
        let rows: Vec<(String, Entry)> = packed::rows(PHRASES)
            .filter_map(|(tag, pattern)| Some((pattern, entry(tag)?)))
            .flat_map(|(pattern, entry)| expand(pattern).into_iter().map(move |p| (p, entry)))
            .collect();
        let mut table = PhraseTable::new(rows.iter().map(|(p, e)| (p.as_str(), Some(*e))));
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
        // Per category: first strong hit, weak hits (distinct phrases, with their word spans),
        // whether an anchor hit.
        let mut strong: Option<(usize, Category, String, &'static str)> = None;
        let mut weak: Vec<(Category, String, &'static str, (usize, usize))> = Vec::new();
        // The stemmed words of each weak hit: "stitch" and "stitching" are one phrase.
        let mut weak_keys: Vec<String> = Vec::new();
        let mut anchors: Vec<Category> = Vec::new();
        let mut visit = |start: usize, len: usize, &(category, kind, lang): &Entry| {
            if excluded.iter().any(|&(a, b)| start < b && a < start + len) {
                return;
            }
            if kind != Anchor
                && (cue_before(tokens, start, 2, NEGATIONS)
                    || cue_before(tokens, start, 6, HYPOTHETICAL))
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
                    let key = tokens.quote(start, len);
                    let seen = weak
                        .iter()
                        .zip(&weak_keys)
                        .any(|((c, ..), k)| *c == category && *k == key);
                    if weak.len() < MAX_HITS && !seen {
                        let quote = quoted(tokens.source(start, len));
                        weak.push((category, quote, lang, (start, start + len)));
                        weak_keys.push(key);
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
        for (i, (category, quote, lang, (a, b))) in weak.iter().enumerate() {
            let later = weak.get(i + 1..).unwrap_or_default();
            // A second weak phrase counts only apart from the first: "was not me" is one sign,
            // not "was not me" and "not me".
            let second = later
                .iter()
                .find(|(c, _, _, (x, y))| c == category && (y <= a || b <= x));
            let anchored = anchors.contains(category) || (*category == UnauthorizedCharge && money);
            if let Some((_, other, _, _)) = second {
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
    fn patterns_expand_choices_optional_words_and_joined_words() {
        assert_eq!(expand("hacked"), ["hacked"]);
        assert_eq!(
            expand("someone/a_stranger got/ in"),
            [
                "someone got in",
                "someone in",
                "a stranger got in",
                "a stranger in"
            ]
        );
        for (tag, pattern) in packed::rows(PHRASES) {
            for phrase in expand(pattern) {
                assert!(
                    !Tokens::new(&phrase).is_empty(),
                    "{pattern:?} under {tag:?} gives a phrase without words"
                );
            }
        }
    }

    #[test]
    fn finds_someone_else_in_the_account() {
        for text in [
            "Somebody broke into my profile overnight",
            "a stranger has been in my account all night",
            "I think someone else is using my account, there are orders I never placed",
            "someone's been in my email and my wallet",
            "somebody took over my login and I can't get back in",
            "alguien entró a mi cuenta y cambió todo",
            "alguém invadiu minha conta ontem",
            "quelqu'un s'est connecté à mon compte cette nuit",
            "jemand hat sich in mein Konto eingeloggt",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
    }

    #[test]
    fn finds_credentials_changed_behind_the_customers_back() {
        for text in [
            "my password was changed and I didn't request it",
            "The 2FA was turned off and the login email has been changed",
            "my phone number was changed to a number I don't recognize",
            "the recovery email got switched, none of this was me",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
    }

    #[test]
    fn finds_money_moved_out_by_someone_else() {
        for text in [
            "there's a withdrawal to a wallet I don't recognise on my statement",
            "they transferred everything to an unknown recipient",
            "a payment went out today and I didn't do any of this",
            "they drained my savings overnight",
        ] {
            assert_eq!(detect(text), Some(UnauthorizedCharge), "{text}");
        }
    }

    #[test]
    fn finds_physical_danger() {
        for text in [
            "I can smell gas in the hallway since the new meter was fitted",
            "smoke is coming out of the charger",
            "The socket is sparking behind the fridge",
            "a downed power line is lying across the road by our gate",
            "the wire is down on the pavement and it keeps sparking",
            "my brakes just stopped working on the motorway",
            "the pedal sank to the floor when I tried to stop",
            "the brakes feel soft and I'm on the highway with the kids in the car",
            "there is a strong burning smell from the dryer",
            "it smells like burning plastic near the router",
            "my daughter burned her arm on the kettle",
            "he sliced his thumb open on the blade",
            "I twisted my ankle on your broken step",
            "huele a gas en la cocina",
            "es riecht nach Gas im Keller",
            "ça sent le brûlé dans le salon",
            "sinto cheiro de gás na cozinha",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
    }

    #[test]
    fn hard_negatives_stay_quiet() {
        for text in [
            "How can I tell if someone got into my account?",
            "what stops someone from taking over my account?",
            "I finally got into my account after the reset, thanks",
            "I changed my email last week, how do I update the receipts?",
            "my password was changed successfully, thanks",
            "I'm locked out since my password was reset",
            "I didn't send the payment yet, is it late?",
            "can I add someone to my account as a second user",
            "I've never seen a transfer take so long",
            "How do I prevent account takeover?",
            "does decluttering the closet spark joy for you",
            "the brake light is out on the rental",
            "where is the parking brake release?",
            "if the brakes fail, does insurance cover it?",
            "I cut my hair and need a new photo for the ID",
            "this bright theme hurts my eyes",
            "I've been banging my head against the wall with this setup",
            "the app is on fire lol, so fast now",
            "my character got injured in the game and lost the loot",
            "I never smell gas near the meter, is that normal?",
            "the table leg was broken on delivery",
            "God bless you all, great service",
            "the Pirates won again",
            "is Sparks getting snow this weekend",
            "the movie's hero is a live wire",
            "the smell of burning toast set off the alarm again",
            "the room smells like smoke, I asked for non-smoking",
            "someone else has access to my account: my accountant",
            "they sold my order to someone else?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn one_weak_phrase_is_not_two() {
        // "was not me" also holds "not me"; "stitch" and "stitching" are one phrase.
        assert_eq!(detect("it was not me who ordered the cake"), None);
        assert_eq!(
            detect("the stitch mode guides you through stitching photos"),
            None
        );
    }

    #[test]
    fn policy_phrases_are_strong() {
        let t = CriticalTable::new(["chemical spill"]);
        let m = t.detect(&Tokens::new("there is a chemical spill")).unwrap();
        assert_eq!(m.category, Category::Policy);
        assert_eq!(m.language, "custom");
    }
}
