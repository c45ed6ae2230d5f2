//! Tests of the explicit-request detector: the hand-written fixtures in
//! `tests/fixtures/explicit.txt` (positives and hard negatives per language, typos, negations),
//! the match's evidence, span and language, policy phrases, and the typo distance.

use super::*;

const FIXTURES: &str = include_str!("../../../../tests/fixtures/explicit.txt");

/// One fixture line: (expected detection, expected language, text).
fn fixtures() -> Vec<(bool, &'static str, &'static str)> {
    FIXTURES
        .lines()
        .filter(|l| l.starts_with("+ ") || l.starts_with("- "))
        .map(|l| {
            let (head, text) = l.split_once(" | ").expect("fixture line has ' | '");
            let mut parts = head.split_whitespace();
            let positive = parts.next() == Some("+");
            let language = parts.next().expect("fixture line has a language");
            (positive, language, text)
        })
        .collect()
}

#[test]
fn fixtures_are_classified() {
    let cases = fixtures();
    assert!(cases.len() > 150, "fixtures not parsed: {}", cases.len());
    let mut failures = Vec::new();
    for (positive, language, text) in cases {
        let got = detect(text, &[]);
        match (&got, positive) {
            (Some(m), true) if m.language != language => failures.push(format!(
                "{text:?}: language {} (evidence {:?}), expected {language}",
                m.language, m.evidence
            )),
            (None, true) => failures.push(format!("missed: {text:?}")),
            (Some(m), false) => {
                failures.push(format!("false alarm: {text:?} (evidence {:?})", m.evidence))
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn match_carries_evidence_span_and_language() {
    let text = "Hi. I need to SPEAK to a person, thanks";
    let m = detect(text, &[]).unwrap();
    assert_eq!(m.evidence, "speak to a person");
    assert_eq!(&text[m.span.clone()], "SPEAK to a person");
    assert_eq!(m.language, "en");

    let text = "Ich möchte mit einem Mitarbeiter sprechen";
    let m = detect(text, &[]).unwrap();
    assert_eq!(m.language, "de");
    assert_eq!(&text[m.span.clone()], "mit einem Mitarbeiter sprechen");

    let m = detect("¿Puedo hablar con un asesor?", &[]).unwrap();
    assert_eq!(
        (m.evidence.as_str(), m.language),
        ("hablar con un asesor", "es")
    );
}

#[test]
fn unit_and_telephone_requests_carry_their_words() {
    let text = "ok. Est-ce que je peux avoir quelqu'un au téléphone ?";
    let m = detect(text, &[]).unwrap();
    assert_eq!(&text[m.span.clone()], "avoir quelqu'un au téléphone");
    assert_eq!(m.language, "fr");
    let m = detect("Ich möchte jemanden am Telefon haben", &[]).unwrap();
    assert_eq!(
        (m.evidence.as_str(), m.language),
        ("mochte jemanden am telefon haben", "de")
    );
    let m = detect("can someone from billing contact me?", &[]).unwrap();
    assert_eq!(m.evidence, "can someone from billing contact");
    // The customer's own number, and a name for the bot, are not requests.
    assert!(detect("my phone number changed, can you update it?", &[]).is_none());
    assert!(detect("I'd rather call you Sam", &[]).is_none());
}

#[test]
fn empty_and_odd_input_is_not_a_request() {
    for text in [
        "",
        "   ",
        "!!! ...",
        "'",
        "a'",
        "l'",
        "\u{0}\u{fffd}",
        "ß",
        "12345678901234567890x",
    ] {
        assert!(detect(text, &[]).is_none(), "{text:?}");
    }
    // Long texts and long words do not panic (speed is measured by the benchmark, not here).
    let long = "speak ".repeat(5000) + &"x".repeat(300);
    assert!(detect(&long, &[]).is_none());
    let adversarial = "talking to a bot, ".repeat(900) + "talking to a bot ".repeat(900).as_str();
    assert!(detect(&adversarial, &[]).is_none());
}

#[test]
fn policy_phrases_count_unless_negated() {
    assert!(detect("quiero un humano de carne", &[]).is_some());
    assert!(detect("give me the concierge", &[]).is_none());
    let extra = vec!["the concierge".to_string()];
    let m = detect("Give me THE Concierge!", &extra).unwrap();
    assert_eq!(
        (m.evidence.as_str(), m.language),
        ("the concierge", "custom")
    );
    assert!(detect("I don't need the concierge", &extra).is_none());

    let detector = Detector::new(&[("it", "un operatore"), ("nl", "een medewerker")]);
    let m = detector.detect("vorrei parlare con un operatore").unwrap();
    assert_eq!(
        (m.evidence.as_str(), m.language),
        ("un operatore", "custom")
    );
    assert!(detector.detect("ik wil een medewerker spreken").is_some());
    let detector = Detector::new(&[("es", "la recepcion")]);
    assert_eq!(
        detector.detect("pásame con la recepción").unwrap().language,
        "es"
    );
    // The built-in frames still work through a detector with extra phrases.
    assert!(detector.detect("let me talk to a real person").is_some());
}

#[test]
fn evidence_keeps_the_spacing_and_splits_joined_codes() {
    // One space in the evidence for each character between two words.
    let m = detect("I want to talk  to a human", &[]).unwrap();
    assert_eq!(m.evidence, "talk  to a human");
    // Codes joined by a hyphen are read as their pieces, each with its own place in the text.
    let extra = vec!["7a 91c2".to_string()];
    let text = "the code 7A-91c2 again";
    let m = detect(text, &extra).unwrap();
    assert_eq!(m.evidence, "7a 91c2");
    assert_eq!(&text[m.span.clone()], "7A-91c2");
    // Words inside quotation marks are a mention, unless the message is all one quotation.
    assert!(detect("the survey asks \"can I talk to a human\" first", &[]).is_none());
    assert!(detect("\"can I talk to a human\"", &[]).is_some());
    // The same answers through the shared tokeniser's words.
    let words = crate::core::signals::lexicon::Tokens::new(text);
    assert_eq!(detect_in(&words, &extra), detect(text, &extra));
    assert_eq!(Detector::default().detect_in(&words), None);
}

#[test]
fn typo_distance_counts_edits_and_swaps() {
    assert_eq!(osa_distance(b"person", b"person", 2), Some(0));
    assert_eq!(osa_distance(b"person", b"eprson", 2), Some(1));
    assert_eq!(osa_distance(b"someone", b"somneone", 2), Some(1));
    assert_eq!(
        osa_distance(b"representative", b"reprsentative", 2),
        Some(1)
    );
    assert_eq!(osa_distance(b"agent", b"urgent", 1), None);
    assert_eq!(osa_distance(b"operator", b"opperator", 1), Some(1));
    assert!(swapped_once(b"talk", b"tlak"));
    assert!(!swapped_once(b"talk", b"tall"));
}

#[test]
fn words_without_spaces_are_split_only_into_useful_pieces() {
    assert!(detect("talktoahuman", &[]).is_some());
    assert!(detect("can i redeem my points by transferring them", &[]).is_none());
    assert!(detect("personal", &[]).is_none());
}

#[test]
fn arbitrary_text_never_panics_and_spans_are_valid() {
    // A fixed pseudo-random mix of lexicon words, accents, apostrophes, punctuation and
    // non-Latin text.
    const PIECES: &[&str] = &[
        "talk",
        "to",
        "a",
        "human",
        "don't",
        "l'",
        "j'aimerais",
        "agent",
        "ÉCHTEN",
        "Menschen",
        "!!",
        "?",
        "'",
        "’",
        "sprechen",
        "mit",
        "persn",
        "talktoahuman",
        "são",
        "ß",
        "日本",
        "😀",
        "-",
        "\n",
        "are",
        "you",
        "real",
        "person",
        "transfer",
        "me",
        "x'",
        "qu'un",
        "connectme",
        "operator",
        "field",
        "no",
        "please",
        "0",
        "Tyrone",
        "King",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut found = 0;
    for _ in 0..3000 {
        let len = (next() % 12) as usize;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 3 != 0 {
                text.push(' ');
            }
        }
        if let Some(m) = detect(&text, &[]) {
            found += 1;
            assert!(!m.evidence.is_empty(), "{text:?}");
            assert!(text.get(m.span.clone()).is_some(), "{text:?} {:?}", m.span);
            assert!(
                ["en", "es", "fr", "de", "pt"].contains(&m.language),
                "{text:?}"
            );
        }
    }
    assert!(found > 0, "the generator never produced a request");
}

#[test]
fn tables_are_ascii_spaced_and_fit_the_index() {
    let lists = lexicon::TABLE.iter().map(|&(_, _, list)| list);
    for list in lists.chain([lexicon::FUZZY]) {
        assert!(
            !list
                .chars()
                .any(|c| c.is_whitespace() && !c.is_ascii_whitespace()),
            "only ASCII spaces separate words: {list}"
        );
    }
    let detector = Detector::default();
    assert!(detector.words.len() < usize::from(u16::MAX));
    for (w, info) in &detector.words {
        assert_eq!(detector.lookup(w), Some(*info), "{w}");
    }
}

#[test]
fn unit_numbers_from_phrases_and_asking_staff_carry_their_words() {
    let m = detect("hi, what's the direct number for your returns desk?", &[]).unwrap();
    assert_eq!(m.evidence, "number for your returns desk");
    assert_eq!(m.language, "en");
    let text = "Le numéro du service des litiges, svp";
    let m = detect(text, &[]).unwrap();
    assert_eq!(&text[m.span.clone()], "numéro du service des litiges");
    assert_eq!(m.language, "fr");
    let m = detect("the warranty team's phone number?", &[]).unwrap();
    assert_eq!(m.evidence, "warranty team's phone number");
    let text = "Kann ich mit jemandem aus der Buchhaltung sprechen?";
    let m = detect(text, &[]).unwrap();
    assert_eq!(
        &text[m.span.clone()],
        "mit jemandem aus der Buchhaltung sprechen"
    );
    assert_eq!(m.language, "de");
    let m = detect("I'd rather ask one of your opticians directly", &[]).unwrap();
    assert_eq!(m.evidence, "ask one of your opticians");
    // The same sentences about the company's generic number, or told as a story, are not.
    assert!(detect("what's the direct number for your support desk?", &[]).is_none());
    assert!(detect("Ich habe mit jemandem aus der Buchhaltung gesprochen", &[]).is_none());
}

#[test]
fn going_through_voice_and_calls_for_others_carry_their_words() {
    let m = detect(
        "can we go through the quote with one of your surveyors?",
        &[],
    )
    .unwrap();
    assert_eq!(
        m.evidence,
        "go through the quote with one of your surveyors"
    );
    let m = detect("ok, I'd rather do this by phone than over chat", &[]).unwrap();
    assert_eq!(m.evidence, "rather do this by phone than over chat");
    let text = "could one of your florists give Mr. Diaz a call?";
    let m = detect(text, &[]).unwrap();
    assert_eq!(&text[m.span.clone()], "could one of your florists give");
    let m = detect(
        "kann ich das mit einem Ihrer Berater telefonisch besprechen",
        &[],
    )
    .unwrap();
    assert_eq!(
        m.evidence,
        "das mit einem ihrer berater telefonisch besprechen"
    );
    assert_eq!(m.language, "de");
    // The same words told as a story, about the customer's own phone, or ordering work done
    // by people, are not requests.
    assert!(detect("we went through the quote with one of your surveyors", &[]).is_none());
    assert!(detect("I'd rather have it on my phone than in the chat", &[]).is_none());
    assert!(detect("is the subtitling done by a real human captioner?", &[]).is_none());
    assert!(detect("add my son as a backup contact person", &[]).is_none());
    assert!(detect("I'd rather use the voice assistant than type here", &[]).is_none());
}

#[test]
fn questions_whether_a_part_of_the_product_is_human_are_not_requests() {
    // Whether a feature (a partner, a coach, the tutors) is a person or a machine.
    for text in [
        "is the conversation coach a robot or an actual person?",
        "are the mentors real humans or AI?",
        "is your pronunciation partner a real person?",
        "¿el tutor es un bot o una persona real?",
        "I get anxious speaking with real people",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
    // Asking to reach one stays a request, with the machine as the other alternative too.
    for text in [
        "is it possible to speak to a real person or only a bot?",
        "are you a bot? I want a real person",
        "Is there a real person I can talk to?",
        "is the manager a real person I can talk to?",
        "I'm tired of talking to a bot, talking to a real person would help",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
}

#[test]
fn a_person_to_practise_with_is_the_product_not_support() {
    for text in [
        "I'd like to practise speaking with a real person",
        "a real human to practise my French with",
        "Ich möchte mit einem echten Menschen üben",
        "quiero practicar con una persona real",
        "quero praticar com uma pessoa real",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
    // Practising told in another clause leaves the request.
    assert!(detect(
        "I've practised all week but the app keeps crashing, I need a real person",
        &[]
    )
    .is_some());
}

#[test]
fn staff_named_by_a_trade_ending_in_er_or_or_asked_to_call() {
    for text in [
        "could one of your bike fitters give me a ring?",
        "would it be possible for one of your groomers to call me before Friday?",
        "can one of your instructors talk me through it?",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // Things with the same endings, or no call asked: not requests.
    for text in [
        "would one of your adapters work with a UK plug?",
        "could one of your filters fit the older model?",
        "one of your fitters called me yesterday, all sorted",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn staff_able_to_serve_is_asked_like_staff_who_could() {
    for text in [
        "would someone from your team be able to talk me through it",
        "would one of your advisers be able to go over the quote with me?",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    for text in [
        "would your app be able to talk to my calendar",
        "would someone from your team be able to see my password?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn a_modal_typed_with_two_letters_swapped_still_asks() {
    for text in [
        "cna someone from your support team ring me",
        "coudl one of your agents call me back?",
        "woudl someone from your team call me today?",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // The same typo with no person asked for, or the customer's own call.
    for text in [
        "cna you check the invoice",
        "woudl it be ok if I call you tomorrow",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn a_call_given_or_asked_in_an_if_clause_names_the_companys_people() {
    // "give me a call" as well as "call me", and staff by a trade the tables do not know.
    for text in [
        "I'd be grateful if someone from your claims team could give me a call",
        "it would be great if one of your surveyors could call me back",
        "I'd appreciate it if one of your agents could give us a quick ring tomorrow",
        "it would really help if one of your planners could give me a call this week",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // The customer's own people, things with a trade's ending, a call to someone else.
    for text in [
        "I wonder if my brothers could give me a call",
        "I asked if one of your filters could be replaced",
        "if one of your planners could give my accountant a call, he has the figures",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn someone_from_a_team_asked_for_in_other_languages() {
    for (text, language) in [
        (
            "Existe alguém da equipa da loja com quem eu possa falar?",
            "pt",
        ),
        (
            "¿Hay alguien del equipo del gimnasio que me pueda atender?",
            "es",
        ),
        ("Gibt es jemanden aus dem Team, der mir helfen kann?", "de"),
        (
            "Y a-t-il quelqu'un de l'équipe de l'atelier pour m'aider ?",
            "fr",
        ),
        (
            "Est-ce qu'il y a quelqu'un de l'équipe avec qui parler ?",
            "fr",
        ),
        ("¿Alguien del equipo del gimnasio me podría llamar?", "es"),
        ("Alguém da equipa da receção pode ligar-me?", "pt"),
    ] {
        let m = detect(text, &[]);
        assert_eq!(m.map(|m| m.language), Some(language), "{text}");
    }
    // "há" as "ago", a relative of the customer's own, nobody there.
    for text in [
        "Há dois dias alguém da equipa me ligou",
        "Há alguém da minha família na conta",
        "Não há ninguém da equipa disponível?",
        "Quelqu'un de l'équipe m'a appelé hier",
        "Alguém da equipa falou comigo ontem",
        "Someone from my family could call you",
        "il y a un problème avec ma commande",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn a_service_then_a_call_asked_of_the_companys_people() {
    // Two services joined, the call second; staff by a trade the tables know ("nurses"),
    // their unit named before them ("the office").
    for text in [
        "it would help if one of your nurses could check the chart and ring me back",
        "I'd be grateful if one of the clinic nurses could look at the booking and call me",
        "if one of the office staff could go over the invoice and give us a call that'd be great",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // A call to someone else, a service with no call, the customer's own people.
    for text in [
        "if one of your nurses could check the chart and ring my GP",
        "it'd be great if one of the office staff could look into it and fix the invoice",
        "I asked if my brothers could look into it and give me a call",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn staff_able_to_serve_asked_with_be() {
    for text in [
        "is anyone from your billing team able to call me today?",
        "are any of your advisers able to go through the quote with me",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    for text in [
        "is your app able to call me when the order is ready?",
        "is someone from your team able to see my password?",
        "are you able to talk?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn a_third_partys_wish_for_a_person_relayed_is_no_request() {
    for text in [
        "my tenant emailed that he wants to speak to a person about the deposit, how do I reply?",
        "a guest messaged that they'd like to talk to someone before booking, where do I answer?",
        "the landlord said she would like to speak with an agent first, should I wait?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
    // The customer's own wish, beside a third party's news.
    for text in [
        "my tenant said he's moving out, so I'd like to speak to a person about the lease",
        "she said it's fine, but I want to talk to someone",
        // The household speaks for the account.
        "my husband said he wants to speak to a manager about the bill",
        "mi esposa dijo que quiere hablar con una persona",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
}

#[test]
fn a_person_of_a_unit_named_by_its_bare_noun() {
    for text in [
        "Tem como alguém da contabilidade me ligar hoje?",
        "Dá para alguém da cobrança falar comigo?",
        "¿Podría hablar con alguien de contabilidad?",
        "Est-ce que quelqu'un de la comptabilité pourrait me rappeler ?",
        "Kann mich jemand aus der Finanzabteilung zurückrufen?",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // Told, or their own finance people, or not possible.
    for text in [
        "Alguém do financeiro já me respondeu ontem, obrigado.",
        "Tem como eu falar com o financeiro da minha empresa antes?",
        "O financeiro daqui já aprovou o reembolso.",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn a_call_or_the_matter_settled_with_a_person_asked_for() {
    for text in [
        "could you arrange a call with someone from your returns team?",
        "I'd like a quick call with one of your advisors about the renewal",
        "please set up a call with somebody from your billing side",
        "I'd like to sort this out with someone over the phone",
        "honestly I'd rather settle it with a person",
        "can I straighten this out with one of your staff?",
        "quisiera resolverlo con un asesor, por favor",
        "je voudrais régler ça avec un conseiller",
        "gostaria de resolver isso com um atendente",
        "ich möchte das mit einem Mitarbeiter klären",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // Stories, the customer's own people, refusals and things shared with someone.
    for text in [
        "I sorted it out with someone from your team yesterday",
        "I'd like to sort this out with my accountant first",
        "I don't want a call with anyone, just fix the app",
        "can I share my account with someone in my family?",
        "can I schedule a meeting with my manager through the app?",
        "how do I fix the sync with the calendar?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}

#[test]
fn which_party_to_call_in_a_case_to_come_is_a_question() {
    for text in [
        "If a tree falls on the wires tonight, who do I call?",
        "who should we ring, you or the fire brigade?",
        "if the meter sparks again, who should I call?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
    // Who to talk to about the customer's case now still asks for a person.
    for text in [
        "My account was charged twice. Who can I speak to?",
        "who should I talk to? this is the third time",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
}

#[test]
fn a_trade_named_in_the_plural_is_a_person_word_too() {
    for text in [
        "¿me podrían poner en contacto con uno de sus enfermeros?",
        "pouvez-vous me mettre en contact avec un de vos pharmaciens",
    ] {
        assert!(detect(text, &[]).is_some(), "{text}");
    }
    // Departments in the plural stay departments; plurals of other words stay what they are.
    for text in [
        "can I talk to you about your services?",
        "I want to use Microsoft Teams for calls",
        "are the pharmacies open on Sunday?",
    ] {
        assert!(detect(text, &[]).is_none(), "{text}");
    }
}
