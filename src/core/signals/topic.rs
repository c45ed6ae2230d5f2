//! Topics: which team (skill) a text is about. A compiled keyword table per skill (built-in
//! English, Spanish, French, German and Portuguese keywords plus the policy's own), scored by
//! summed keyword weights. `general` is what is left when no other skill has evidence.

use super::lexicon::{PhraseTable, Tokens};
use crate::core::decision::Skill;

/// Skills other than `general`, in the order of [`SkillScores`]'s slots, which is also the
/// order that breaks ties: security first (a tie with security should reach the team that can
/// lock an account), sales last.
pub const SCORED: [Skill; 5] = [
    Skill::Security,
    Skill::Billing,
    Skill::Technical,
    Skill::Account,
    Skill::Sales,
];

/// Summed keyword weights per skill, in the order of [`SCORED`].
pub type SkillScores = [f32; 5];

/// Built-in keywords: (phrase, skill, weight). Strong, unambiguous words weigh 2, weaker or
/// shared ones 1.
const KEYWORDS: &[(&str, Skill, f32)] = &[
    // Billing: money that was or will be taken.
    ("invoice", Skill::Billing, 2.0),
    ("bill", Skill::Billing, 2.0),
    ("billing", Skill::Billing, 2.0),
    ("charge", Skill::Billing, 2.0),
    ("overcharged", Skill::Billing, 2.0),
    ("chargeback", Skill::Billing, 2.0),
    ("refund", Skill::Billing, 2.0),
    ("money back", Skill::Billing, 2.0),
    ("reimburse", Skill::Billing, 2.0),
    ("payment", Skill::Billing, 1.5),
    ("paid", Skill::Billing, 0.5),
    ("pay", Skill::Billing, 0.5),
    ("fee", Skill::Billing, 1.5),
    ("subscription", Skill::Billing, 1.5),
    ("renewal", Skill::Billing, 1.0),
    ("receipt", Skill::Billing, 1.5),
    ("credit card", Skill::Billing, 2.0),
    ("debit card", Skill::Billing, 1.5),
    ("my card", Skill::Billing, 1.0),
    ("card", Skill::Billing, 0.5),
    ("price", Skill::Billing, 0.5),
    ("cost", Skill::Billing, 0.5),
    ("roaming", Skill::Billing, 1.0),
    ("transfer", Skill::Billing, 0.5),
    ("recipient", Skill::Billing, 1.0),
    ("overdraft", Skill::Billing, 2.0),
    ("iban", Skill::Billing, 1.5),
    ("direct debit", Skill::Billing, 2.0),
    ("lastschrift", Skill::Billing, 2.0),
    ("zahlungsdaten", Skill::Billing, 1.5),
    ("prelevement", Skill::Billing, 2.0),
    ("domiciliacion", Skill::Billing, 1.5),
    ("shipping cost", Skill::Billing, 1.0),
    ("dispute", Skill::Billing, 1.5),
    ("billing team", Skill::Billing, 1.0),
    ("accounts payable", Skill::Billing, 1.5),
    ("factura", Skill::Billing, 2.0),
    ("reembolso", Skill::Billing, 2.0),
    ("cobro", Skill::Billing, 2.0),
    ("cobrado", Skill::Billing, 2.0),
    ("pago", Skill::Billing, 1.5),
    ("facture", Skill::Billing, 2.0),
    ("remboursement", Skill::Billing, 2.0),
    ("paiement", Skill::Billing, 1.5),
    ("rechnung", Skill::Billing, 2.0),
    ("erstattung", Skill::Billing, 2.0),
    ("zahlung", Skill::Billing, 1.5),
    ("fatura", Skill::Billing, 2.0),
    ("cobranca", Skill::Billing, 2.0),
    ("pagamento", Skill::Billing, 1.5),
    // Technical: the product misbehaves or needs configuring.
    ("error", Skill::Technical, 2.0),
    ("bug", Skill::Technical, 2.0),
    ("crash", Skill::Technical, 2.0),
    ("not working", Skill::Technical, 1.5),
    ("doesn't work", Skill::Technical, 1.5),
    ("isn't working", Skill::Technical, 1.5),
    ("won't", Skill::Technical, 0.5),
    ("broken", Skill::Technical, 1.5),
    ("api", Skill::Technical, 2.0),
    ("endpoint", Skill::Technical, 2.0),
    ("integration", Skill::Technical, 2.0),
    ("webhook", Skill::Technical, 2.0),
    ("sync", Skill::Technical, 1.5),
    ("upload", Skill::Technical, 1.5),
    ("download", Skill::Technical, 1.5),
    ("install", Skill::Technical, 1.5),
    ("update", Skill::Technical, 0.5),
    ("app", Skill::Technical, 1.0),
    ("browser", Skill::Technical, 1.5),
    ("server", Skill::Technical, 1.5),
    ("http", Skill::Technical, 2.0),
    ("database", Skill::Technical, 2.0),
    ("dns", Skill::Technical, 2.0),
    ("wordpress", Skill::Technical, 1.5),
    ("php", Skill::Technical, 1.5),
    ("mailbox", Skill::Technical, 1.0),
    ("migrate", Skill::Technical, 1.5),
    ("migration", Skill::Technical, 1.5),
    ("export", Skill::Technical, 1.5),
    ("import", Skill::Technical, 1.5),
    ("csv", Skill::Technical, 1.5),
    ("spreadsheet", Skill::Technical, 1.0),
    ("settings", Skill::Technical, 0.5),
    ("load", Skill::Technical, 1.0),
    ("slow", Skill::Technical, 1.0),
    ("sluggish", Skill::Technical, 1.0),
    ("device", Skill::Technical, 1.0),
    ("e-reader", Skill::Technical, 1.0),
    ("sim", Skill::Technical, 1.5),
    ("activate", Skill::Technical, 1.0),
    ("activation", Skill::Technical, 1.0),
    ("signal", Skill::Technical, 1.0),
    ("wifi", Skill::Technical, 1.5),
    ("link", Skill::Technical, 1.0),
    ("access denied", Skill::Technical, 1.5),
    ("file", Skill::Technical, 1.0),
    ("folder", Skill::Technical, 1.0),
    ("proof", Skill::Technical, 1.0),
    ("dashboard", Skill::Technical, 1.0),
    ("portal", Skill::Technical, 1.0),
    ("not showing", Skill::Technical, 1.0),
    ("survey", Skill::Technical, 0.5),
    ("publish", Skill::Technical, 0.5),
    ("visible", Skill::Technical, 0.5),
    ("can't see", Skill::Technical, 1.0),
    ("version", Skill::Technical, 1.0),
    ("feature", Skill::Technical, 1.0),
    ("trace", Skill::Technical, 1.5),
    ("pdf", Skill::Technical, 1.0),
    ("notifications", Skill::Technical, 1.0),
    ("viewer", Skill::Technical, 1.0),
    ("won't open", Skill::Technical, 1.5),
    ("blank", Skill::Technical, 0.5),
    ("technician", Skill::Technical, 1.5),
    ("techs", Skill::Technical, 1.5),
    ("tech support", Skill::Technical, 2.0),
    ("engineer", Skill::Technical, 1.0),
    ("developer", Skill::Technical, 1.0),
    ("timeout", Skill::Technical, 2.0),
    ("fehler", Skill::Technical, 2.0),
    ("erreur", Skill::Technical, 2.0),
    ("erro", Skill::Technical, 2.0),
    ("no funciona", Skill::Technical, 1.5),
    ("ne fonctionne pas", Skill::Technical, 1.5),
    ("funktioniert nicht", Skill::Technical, 1.5),
    ("nao funciona", Skill::Technical, 1.5),
    // Account: who the customer is and what their account holds.
    ("account", Skill::Account, 1.0),
    ("log in", Skill::Account, 1.5),
    ("login", Skill::Account, 1.5),
    ("sign in", Skill::Account, 1.5),
    ("password", Skill::Account, 2.0),
    ("username", Skill::Account, 2.0),
    ("profile", Skill::Account, 1.5),
    ("email address", Skill::Account, 1.5),
    ("verification", Skill::Account, 1.5),
    ("verify", Skill::Account, 1.5),
    ("documents", Skill::Account, 1.0),
    ("blocked", Skill::Account, 1.0),
    ("locked out", Skill::Account, 2.0),
    ("close my account", Skill::Account, 2.0),
    ("delete my account", Skill::Account, 2.0),
    ("two-factor", Skill::Account, 1.5),
    ("2fa", Skill::Account, 1.5),
    ("statement", Skill::Account, 1.0),
    ("tax", Skill::Account, 1.5),
    ("withholding", Skill::Account, 1.5),
    ("w-2", Skill::Account, 2.0),
    ("mortgage", Skill::Account, 1.5),
    ("loan", Skill::Account, 1.0),
    ("cut-off", Skill::Account, 1.0),
    ("cutoff", Skill::Account, 1.0),
    ("address", Skill::Account, 0.5),
    ("permissions", Skill::Account, 1.0),
    ("admin", Skill::Account, 1.5),
    ("banker", Skill::Account, 1.5),
    ("account manager", Skill::Account, 1.0),
    ("workspace", Skill::Account, 1.0),
    ("role", Skill::Account, 1.0),
    ("invite", Skill::Account, 1.0),
    ("users", Skill::Account, 0.5),
    ("cuenta", Skill::Account, 1.5),
    ("contrasena", Skill::Account, 2.0),
    ("compte", Skill::Account, 1.5),
    ("mot de passe", Skill::Account, 2.0),
    ("konto", Skill::Account, 1.5),
    ("passwort", Skill::Account, 2.0),
    ("conta", Skill::Account, 1.5),
    ("senha", Skill::Account, 2.0),
    ("verificacao", Skill::Account, 1.5),
    ("bloqueada", Skill::Account, 1.5),
    ("documentos", Skill::Account, 1.0),
    // Security: someone who should not be there.
    ("hacked", Skill::Security, 3.0),
    ("hacker", Skill::Security, 3.0),
    ("fraud", Skill::Security, 3.0),
    ("fraudulent", Skill::Security, 3.0),
    ("phishing", Skill::Security, 3.0),
    ("scam", Skill::Security, 2.0),
    ("unauthorized", Skill::Security, 3.0),
    ("unauthorised", Skill::Security, 3.0),
    ("suspicious", Skill::Security, 2.0),
    ("stolen", Skill::Security, 2.0),
    ("breach", Skill::Security, 3.0),
    ("compromised", Skill::Security, 3.0),
    ("ransomware", Skill::Security, 3.0),
    ("malware", Skill::Security, 3.0),
    ("virus", Skill::Security, 2.0),
    ("wasn't me", Skill::Security, 3.0),
    ("not me", Skill::Security, 1.0),
    ("security", Skill::Security, 1.0),
    ("hackeado", Skill::Security, 3.0),
    ("pirate", Skill::Security, 2.0),
    ("gehackt", Skill::Security, 3.0),
    ("betrug", Skill::Security, 3.0),
    ("invadida", Skill::Security, 3.0),
    // Sales: buying more.
    ("buy", Skill::Sales, 1.5),
    ("quote", Skill::Sales, 2.0),
    ("pricing", Skill::Sales, 1.5),
    ("demo", Skill::Sales, 2.0),
    ("upgrade", Skill::Sales, 1.5),
    ("trial", Skill::Sales, 1.0),
    ("licenses", Skill::Sales, 1.5),
    ("seats", Skill::Sales, 1.5),
    ("bulk order", Skill::Sales, 2.0),
    ("copies", Skill::Sales, 1.0),
    ("school orders", Skill::Sales, 2.0),
    ("wholesale", Skill::Sales, 2.0),
    ("education pricing", Skill::Sales, 2.0),
    ("discount", Skill::Sales, 1.0),
    ("reseller", Skill::Sales, 2.0),
    ("partnership", Skill::Sales, 2.0),
    ("sales", Skill::Sales, 1.0),
    ("salesperson", Skill::Sales, 2.0),
    ("sales rep", Skill::Sales, 1.0),
    ("enterprise plan", Skill::Sales, 2.0),
    ("comprar", Skill::Sales, 1.5),
    ("cotizacion", Skill::Sales, 2.0),
    ("acheter", Skill::Sales, 1.5),
    ("devis", Skill::Sales, 2.0),
    ("kaufen", Skill::Sales, 1.5),
    ("angebot", Skill::Sales, 2.0),
    ("orcamento", Skill::Sales, 2.0),
];

/// The built-in keywords, compiled once per process on first use.
fn builtin() -> &'static PhraseTable<(u8, f32)> {
    static BUILTIN: std::sync::OnceLock<PhraseTable<(u8, f32)>> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        PhraseTable::new(
            KEYWORDS
                .iter()
                .filter_map(|&(phrase, skill, weight)| slot(skill).map(|s| (phrase, (s, weight)))),
        )
    })
}

/// The skill keyword table: the built-in keywords (shared, compiled once) plus the policy's
/// own, compiled per engine.
#[derive(Debug, Clone, Default)]
pub struct SkillTable {
    custom: PhraseTable<(u8, f32)>,
}

impl SkillTable {
    /// Compiles `extra` (skill, keyword) pairs from the policy next to the built-in keywords;
    /// each weighs 2 (a policy keyword is a deliberate, strong hint).
    pub fn new<'a>(extra: impl IntoIterator<Item = (Skill, &'a str)>) -> SkillTable {
        SkillTable {
            custom: PhraseTable::new(
                extra
                    .into_iter()
                    .filter_map(|(skill, phrase)| slot(skill).map(|s| (phrase, (s, 2.0)))),
            ),
        }
    }

    /// Summed keyword weights per skill in `tokens`.
    pub fn scores(&self, tokens: &Tokens) -> SkillScores {
        let mut scores = [0.0; 5];
        let mut add = |_: usize, _: usize, &(slot, w): &(u8, f32)| scores[slot as usize] += w;
        builtin().for_each_match(tokens, &mut add);
        self.custom.for_each_match(tokens, &mut add);
        scores
    }

    /// The skills a text is about, strongest first; `general` alone when none has evidence.
    pub fn topics(&self, text: &str) -> Vec<Skill> {
        ranked(&self.scores(&Tokens::new(text)), 1.0)
    }
}

/// The skills whose score reaches `min`, strongest first (ties in [`SCORED`] order);
/// `[general]` when none does.
pub fn ranked(scores: &SkillScores, min: f32) -> Vec<Skill> {
    let mut order: Vec<usize> = (0..SCORED.len()).filter(|&i| scores[i] >= min).collect();
    crate::core::sort::sort_by(&mut order, |&a, &b| {
        scores[b].total_cmp(&scores[a]).then(a.cmp(&b)).is_lt()
    });
    if order.is_empty() {
        vec![Skill::General]
    } else {
        order.into_iter().map(|i| SCORED[i]).collect()
    }
}

fn slot(skill: Skill) -> Option<u8> {
    SCORED.iter().position(|&s| s == skill).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_skills_by_evidence() {
        let t = SkillTable::default();
        assert_eq!(
            t.topics("I was charged twice on my invoice, I want a refund"),
            vec![Skill::Billing]
        );
        assert_eq!(
            t.topics("the API returns error 500 since the update")[0],
            Skill::Technical
        );
        assert_eq!(t.topics("someone hacked my account")[0], Skill::Security);
        assert_eq!(
            t.topics("someone hacked my account and changed my password")[0],
            Skill::Security
        );
        assert_eq!(t.topics("I forgot my password")[0], Skill::Account);
        assert_eq!(t.topics("can I get a quote for 40 seats")[0], Skill::Sales);
        assert_eq!(t.topics("hello there"), vec![Skill::General]);
        assert_eq!(t.topics(""), vec![Skill::General]);
    }

    #[test]
    fn built_in_keywords_do_not_repeat_after_stemming() {
        let mut seen: Vec<(Vec<String>, Skill)> = Vec::new();
        for &(phrase, skill, _) in KEYWORDS {
            let words: Vec<String> = Tokens::new(phrase).words().map(str::to_string).collect();
            assert!(
                !seen.contains(&(words.clone(), skill)),
                "{phrase:?} repeats an earlier keyword of {skill:?}"
            );
            seen.push((words, skill));
        }
    }

    #[test]
    fn policy_keywords_count() {
        let t = SkillTable::new([(Skill::Sales, "franchise")]);
        assert_eq!(t.topics("franchise enquiry"), vec![Skill::Sales]);
        assert_eq!(
            SkillTable::default().topics("franchise enquiry"),
            vec![Skill::General]
        );
    }
}
