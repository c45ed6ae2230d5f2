//! The word tables of the explicit-request detector: which folded words play which part in a
//! request for a human (a verb of contact, a human noun, a qualifier, a negation ...), per
//! language. Tables are space-separated word lists so that they stay compact in the wasm and
//! easy to review; [`super::Detector::new`] turns them into a sorted lookup table once.
//! Words are stored folded (`core::text::fold`: lower case, no accents).

/// Word classes (bit flags). A word can have several.
pub mod class {
    /// Verb of contact: "speak", "talk", "hablar", "parler", "sprechen", "falar".
    pub const CONTACT: u32 = 1 << 0;
    /// Contact verb that may follow its human subject directly ("have someone call me").
    pub const CALL: u32 = 1 << 1;
    /// Routing verb: "transfer", "connect", "put", "pass", "pasame", "passez", "verbinden".
    pub const ROUTE: u32 = 1 << 2;
    /// Wanting or getting: "want", "need", "get", "give", "quiero", "veux", "mochte", "quero".
    pub const WANT: u32 = 1 << 3;
    /// A `WANT` word that only counts after a modal or "would" ("can I have", "I'd like").
    pub const WANT_MODAL: u32 = 1 << 4;
    /// "escalate": a request on its own when it governs this/it/my issue.
    pub const ESCALATE: u32 = 1 << 5;
    /// A human (or a human service) one can be put in contact with.
    pub const TARGET: u32 = 1 << 6;
    /// A `TARGET` clear enough to count with a want verb or on its own ("agent pls").
    pub const STRONG: u32 = 1 << 7;
    /// Makes a nearby target unmistakably human: "real", "live", "human", "echten", "vrai".
    pub const HUMANLY: u32 = 1 << 8;
    /// Determiners and non-first-person possessives allowed between verb and target.
    pub const DET: u32 = 1 << 9;
    /// Prepositions allowed between verb and target: "to", "with", "con", "a", "mit", "com".
    pub const PREP: u32 = 1 << 10;
    /// Fillers allowed between verb and target: "me", "please", "directly", "now".
    pub const FILLER: u32 = 1 << 11;
    /// Politeness and urgency, allowed in a target-only message ("human please").
    pub const POLITE: u32 = 1 << 12;
    /// Negations: "not", "don't", "no", "without", "ne", "nicht", "kein", "nao", "sin".
    pub const NEG: u32 = 1 << 13;
    /// Verbs after which a negation does not negate the request ("I don't know how to ...").
    pub const COGNITIVE: u32 = 1 << 14;
    /// Machines: "bot", "robot", "machine", "ai".
    pub const BOT: u32 = 1 << 15;
    /// First- and third-person possessives: "my agent" is not a request for the helpdesk's.
    pub const POSSESSIVE: u32 = 1 << 16;
    /// Words that end the stretch between verb and target ("talk about", "speak in").
    pub const BREAK: u32 = 1 << 17;
    /// Nouns that turn a preceding target into a modifier ("agent ID", "Human Resources").
    pub const MODIFIED: u32 = 1 << 18;
    /// Resets the reach of a negation ("no transfer please, let me talk to someone").
    pub const SOFT_BREAK: u32 = 1 << 19;
    /// Words allowed between a target and a following contact verb ("someone to talk to").
    pub const BACK_GAP: u32 = 1 << 20;
    /// Complaints about talking to the bot ("talking to a bot is stupid").
    pub const COMPLAINT: u32 = 1 << 21;
    /// Modals before "someone else" and "have" ("can somebody else look").
    pub const MODAL: u32 = 1 << 22;
    /// "number": a target only for "a number I can call".
    pub const NUMBER: u32 = 1 << 23;
    /// Known words that are not part of a request; only keeps typo matching off them.
    pub const KNOWN: u32 = 1 << 24;
    /// "else" / "autre" after a person word ("someone else").
    pub const ELSE: u32 = 1 << 25;
    /// Existential heads: "there" (is there), "hay", "tem", "es" (gibt es).
    pub const EXIST: u32 = 1 << 26;
    /// Departments rather than people ("customer service"): calling or contacting one asks
    /// for contact details, not for a hand-off in the chat.
    pub const DEPARTMENT: u32 = 1 << 27;
    /// Administering people as users ("add an agent to my account"), not asking for one.
    pub const ADMIN: u32 = 1 << 28;
    /// Business units named as the company's people ("someone from billing", "your claims
    /// team"): a human source only after "from"/"in" or between "your" and a human noun.
    pub const UNIT: u32 = 1 << 29;
    /// The telephone ("on the phone", "au téléphone", "am Telefon").
    pub const PHONE: u32 = 1 << 30;
    /// A telephone number or line ("number", "número", "Durchwahl"): a request when it is
    /// for a named unit of the company's people or for one of them.
    pub const DIAL: u32 = 1 << 31;
}

/// Language bits; the order is the order of preference when a phrase fits several.
pub mod lang {
    /// English.
    pub const EN: u8 = 1 << 0;
    /// Spanish.
    pub const ES: u8 = 1 << 1;
    /// French.
    pub const FR: u8 = 1 << 2;
    /// German.
    pub const DE: u8 = 1 << 3;
    /// Portuguese.
    pub const PT: u8 = 1 << 4;
    /// Any language (function words and shared spellings).
    pub const ANY: u8 = 0x1f;
    /// Codes, in bit order.
    pub const CODES: [&str; 5] = ["en", "es", "fr", "de", "pt"];
}

use class::*;
use lang::*;

/// Target-and-strong: a human noun that counts with a want verb or alone.
const T_STRONG: u32 = TARGET | STRONG;

/// The tables: (classes, languages, words). Words may repeat across rows; their classes
/// and languages are merged.
pub const TABLE: &[(u32, u8, &str)] = &[
    // ---------------------------------------------------------------- English
    (
        CONTACT,
        EN,
        "speak speaking speek talk talking chat chatting converse conversing discuss \
         discussing communicate communicating reach reaching touch deal dealing hold ask asking \
         tlk tlking tawk tawking spk spek spkn",
    ),
    (
        CONTACT | CALL,
        EN,
        "contact contacting call calling phone ring reach callback",
    ),
    (
        ROUTE,
        EN,
        "transfer transferred connect connecting put pass passing forward redirect \
         route reroute switch hand handover patch escalate",
    ),
    (ESCALATE, EN, "escalate"),
    (
        WANT,
        EN,
        "want wanna need needs get gimme give request requesting prefer require demand \
         wants needed getting find",
    ),
    (WANT | WANT_MODAL, EN, "have like"),
    (
        T_STRONG,
        EN,
        "human humans person agent agents representative representatives rep reps operator \
         operators supervisor supervisors manager managers advisor advisors adviser \
         advisers someone somebody sum1 some1 sumone smone sumbody prsn hmn agnt humanbeing \
         handoff escalation \
         specialist specialists consultant consultants employee employees staff staffer \
         associate associates attendant attendants technician technicians banker \
         colleague colleagues people boss tech techs whoever whoever's whoevers callback",
    ),
    (
        TARGET,
        EN,
        "anyone anybody any1 individual worker workers clerk expert experts assistant \
         founder founders owner ceo director team support service care desk helpdesk \
         department reception receptionist member members personnel people officer \
         representitive gm gms sb",
    ),
    // The company's staff named by their trade ("one of your installation engineers").
    (
        TARGET,
        EN,
        "engineer engineers pharmacist pharmacists nurse nurses dispatcher \
         dispatchers clerks coordinator coordinators counsellor counsellors counselor \
         counselors officers installer installers inspector inspectors surveyor surveyors \
         mechanic mechanics accountant accountants underwriter underwriters adjuster \
         adjusters optician opticians concierge crew crews",
    ),
    (HUMANLY, EN, "real live actual human genuine"),
    (
        DET,
        EN,
        "a an the some any one your ur yours another other different customer of \
         physical proper normal living breathing flesh blood qualified competent senior \
         experienced certain knowledgeable",
    ),
    (
        PREP,
        EN,
        "to with wit wth wiht wih wirh w through thru onto on over up towards 2",
    ),
    (
        FILLER,
        EN,
        "me us please pls plz plse directly just right now again quickly immediately \
         asap actually actualy really soon rather possibly maybe kindly also being",
    ),
    (
        POLITE,
        EN,
        "please pls plz plse now asap thanks thank thx only urgently immediately quickly \
         here there tbh honestly instead today already anyway",
    ),
    (
        NEG,
        EN,
        "not no don't dont do'nt doesn't doesnt didn't didnt never without nobody noone \
         nor neither won't wouldn't shouldn't isn't aren't instead",
    ),
    (
        COGNITIVE,
        EN,
        "know understand understood get see think mind care believe remember sure",
    ),
    (
        BOT,
        EN,
        "bot bots robot robots machine machines chatbot chatbots ai computer computers \
         program automated automatic virtual robo robotic algorithm",
    ),
    (POSSESSIVE, EN, "my our his her their mine"),
    (
        BREAK,
        EN,
        "about regarding like than if whether because since when while into as or yourself \
         himself herself themselves them him",
    ),
    (
        MODIFIED,
        EN,
        "id ids code codes number numbers field fields resources resource visitors visitor \
         traffic module modules dashboard portal login app software tool tools rights body \
         error errors account accounts hours fee fees role roles license licence licenses \
         settings setting list profile permissions access panel tab column columns \
         precedence function functions overloading data report reports name names \
         nature race beings interaction money funds payment payments url urls parameter \
         parameters handler handlers \
         bonus bonuses trait traits racial racials character characters faction factions \
         skin skins mount mounts ability abilities stats xp",
    ),
    (
        MODIFIED,
        ANY,
        "dinero plata fondos dinheiro argent geld euros dolares pesos reais libras",
    ),
    (
        SOFT_BREAK,
        EN,
        "but please pls just so then however otherwise and",
    ),
    (
        BACK_GAP,
        EN,
        "to i we can could may might who that whom i'll i'd please there else for which",
    ),
    (
        COMPLAINT,
        EN,
        "stupid useless tired sick hate hates enough stop pointless annoying frustrating \
         dumb anymore waste worthless fed",
    ),
    (
        MODAL,
        EN,
        "can could would may will might please let do cn cud cld cna coudl woudl",
    ),
    (NUMBER, EN, "number landline"),
    (DIAL, EN, "number line landline"),
    (DIAL, ES, "numero"),
    (DIAL, FR, "numero"),
    (DIAL, DE, "nummer telefonnummer rufnummer durchwahl"),
    (DIAL, PT, "numero"),
    (EXIST, EN, "there there's theres is are"),
    (
        ADMIN,
        EN,
        "add adding create creating invite inviting remove removing delete deleting hire \
         hiring assign assigning configure configuring setup train training become onboard \
         employ register registering",
    ),
    (
        ADMIN,
        ES,
        "agregar agrego agrega anadir anado crear eliminar contratar",
    ),
    (ADMIN, FR, "ajouter ajoute creer supprimer embaucher"),
    (ADMIN, DE, "hinzufugen anlegen erstellen loschen einstellen"),
    (
        ADMIN,
        PT,
        "adicionar adiciono adiciona criar remover contratar",
    ),
    (
        DEPARTMENT,
        ANY,
        "service support care desk helpdesk department team reception servicio soporte \
         atencion equipo equipe equipa kundendienst kundenservice suporte atendimento servico help \
         hotline main general head clientele",
    ),
    (
        UNIT,
        EN,
        "billing sales claims accounts accounting payroll hr finance collections underwriting",
    ),
    (
        UNIT,
        ES,
        "facturacion ventas siniestros contabilidad finanzas cobranza",
    ),
    (
        UNIT,
        FR,
        "facturation ventes sinistres compta comptabilite secretariat",
    ),
    (
        UNIT,
        DE,
        "buchhaltung vertrieb sekretariat disposition finanzabteilung",
    ),
    (
        UNIT,
        PT,
        "faturamento vendas sinistros financeiro contabilidade cobranca",
    ),
    // Per language: a verb's languages decide how it is read ("telefon" is German).
    (PHONE, EN, "phone telephone voice"),
    (PHONE, ES, "telefono"),
    (PHONE, FR, "telephone"),
    (PHONE, DE, "telefon telefonisch"),
    (PHONE, PT, "telefone"),
    (EXIST, ES, "hay"),
    (EXIST, PT, "tem ha existe"),
    (EXIST, FR, "y"),
    (EXIST, DE, "es"),
    (ELSE, ANY, "else"),
    (
        KNOWN,
        EN,
        "contract contracts contracting managed manage manages stuff chart cheat correct \
         operate operates operation transfers persons personal personally humane \
         agency agenda represent represents steak sneak parson staffed staffing spoke \
         spoken talked chatted tale task take walk mortgage card cards charge urgent \
         argent employer employed advise advised assistance assist supervision stalk chant \
         chalk",
    ),
    // ---------------------------------------------------------------- Spanish
    (
        CONTACT,
        ES,
        "hablar hablarle hablando charlar chatear platicar conversar comunicarme \
         comunicarse comunicar comunicas comunica comunique comuniques contactar contactarme \
         contacto hablo atienda atiendan atender atendido atendida \
         atenderme",
    ),
    (CONTACT | CALL, ES, "llamar llamarme llame llamen"),
    (
        ROUTE,
        ES,
        "pasame pasarme pasa pasen pase pasar poner transfiera transferir transfiereme \
         transfierame transferirme conectar \
         comunicame comuniqueme conectame conecteme conectarme ponme pongame ponerme \
         derivame derivar derive redirigir",
    ),
    (
        WANT,
        ES,
        "quiero quisiera necesito deseo dame deme pido prefiero queria gustaria busco",
    ),
    (
        T_STRONG,
        ES,
        "humano persona agente asesor asesora operador operadora representante ejecutivo \
         ejecutiva encargado encargada supervisor supervisora gerente empleado empleada \
         alguien especialista empleados asesores agentes especialistas",
    ),
    (
        TARGET,
        ES,
        "personal equipo soporte servicio atencion departamento ingeniero ingenieros \
         farmaceutico farmaceutica enfermero enfermera tecnico tecnicos tecnica tecnicas",
    ),
    (
        HUMANLY,
        ES,
        "real humano humana verdadero verdadera vivo viva verdad carne",
    ),
    (
        DET,
        ES,
        "un una el la al los las algun alguna su sus tu tus otro otra otros de del ser \
         usted ustedes cliente uno",
    ),
    (PREP, ES, "con a por"),
    (
        FILLER,
        ES,
        "me nos favor ya ahora directamente solo porfa porfavor xfa xfavor",
    ),
    (
        POLITE,
        ES,
        "por favor porfa porfavor xfa xfavor ya ahora gracias",
    ),
    (NEG, ES, "no sin nunca ni tampoco nadie"),
    (COGNITIVE, ES, "se entiendo sabia"),
    (BOT, ES, "robot bot maquina"),
    (POSSESSIVE, ES, "mi mis nuestro nuestra"),
    (SOFT_BREAK, ES, "pero sino"),
    (BACK_GAP, ES, "con quien que para pueda puedo"),
    // ---------------------------------------------------------------- French
    (
        CONTACT,
        FR,
        "parler parle discuter joindre contacter echanger relation dialoguer",
    ),
    (
        CONTACT | CALL,
        FR,
        "appeler rappeler appelle rappelle rappeliez appeliez recontacter recontactez",
    ),
    (
        ROUTE,
        FR,
        "passer passez passe transferer transferez transfere mettre mettez mets mis \
         connecter rediriger redirigez orienter",
    ),
    (
        WANT,
        FR,
        "veux voudrais souhaite souhaiterais aimerais demande besoin donnez voulais",
    ),
    (
        T_STRONG,
        FR,
        "humain humaine conseiller conseillere conseillers agent operateur operatrice \
         representant representante quelqu'un quelqu'une interlocuteur responsable \
         superviseur technicien personne qqn qqun",
    ),
    (
        TARGET,
        FR,
        "equipe service ingenieur ingenieurs techniciens pharmacien pharmacienne \
         infirmier infirmiere technicienne installateur",
    ),
    (
        HUMANLY,
        FR,
        "vrai vraie veritable reel reelle humain humaine etre chair",
    ),
    (
        DET,
        FR,
        "un une le la l' les votre vos ton ta autre d' de du des client",
    ),
    (PREP, FR, "a avec aupres en"),
    (
        FILLER,
        FR,
        "moi nous svp stp directement maintenant vous s' il plait",
    ),
    (POLITE, FR, "svp stp s' il vous plait merci maintenant"),
    (NEG, FR, "ne n' pas sans jamais aucun aucune"),
    (COGNITIVE, FR, "sais comprends"),
    (BOT, FR, "robot bot machine"),
    (POSSESSIVE, FR, "mon ma mes notre"),
    (SOFT_BREAK, FR, "mais"),
    (BACK_GAP, FR, "qui je puisse puis pour"),
    // ---------------------------------------------------------------- German
    (
        CONTACT,
        DE,
        "sprechen reden chatten kontaktieren erreichen schreiben unterhalten sprache \
         durchsprechen besprechen telefonieren durchgehen",
    ),
    (CONTACT | CALL, DE, "anrufen zuruckrufen"),
    (
        ROUTE,
        DE,
        "verbinden verbindet weiterleiten leiten stellen durchstellen geben weitergeben",
    ),
    (
        WANT,
        DE,
        "mochte mochten wollen brauche hatte hatten wunsche",
    ),
    (
        T_STRONG,
        DE,
        "mensch menschen person mitarbeiter mitarbeiterin mitarbeitern berater beraterin \
         kundenberater kundenberaterin mitarbeiterinnen jemand jemanden jemandem agent agenten \
         ansprechpartner sachbearbeiter vorgesetzten vorgesetzter supervisor operator jmd jmdn \
         jmdm",
    ),
    (
        TARGET,
        DE,
        "kundendienst kundenservice support team personal techniker ingenieur apotheker \
         pfleger disponent technikerin monteur",
    ),
    (
        HUMANLY,
        DE,
        "echten echte echter echtem richtigen richtige richtiger menschlichen menschliche \
         lebenden realen",
    ),
    (
        DET,
        DE,
        "einen einem einer ein eine den dem der die ihren ihrem ihre ihrer anderen \
         anderer andere",
    ),
    (PREP, DE, "mit zu an"),
    (
        FILLER,
        DE,
        "mich mir uns bitte sie jetzt direkt sofort doch mal gern gerne telefonisch",
    ),
    (POLITE, DE, "bitte jetzt sofort danke"),
    (
        NEG,
        DE,
        "nicht kein keine keinen keinem nie niemals ohne niemand",
    ),
    (COGNITIVE, DE, "weiss verstehe"),
    (BOT, DE, "bot roboter maschine"),
    (
        POSSESSIVE,
        DE,
        "mein meine meinem meinen meiner unser unsere",
    ),
    (SOFT_BREAK, DE, "aber sondern"),
    (BACK_GAP, DE, "ich kann mit dem"),
    // ---------------------------------------------------------------- Portuguese
    (
        CONTACT,
        PT,
        "falar conversar contatar contactar falando papear atenda atender atendam atendido \
         atendida",
    ),
    (CONTACT | CALL, PT, "ligar ligue"),
    (
        ROUTE,
        PT,
        "transferir transfere transfira transferi passar passa passe conectar conecta \
         encaminhar encaminha",
    ),
    (WANT, PT, "quero queria preciso gostaria desejo prefiro"),
    (
        T_STRONG,
        PT,
        "humano pessoa atendente agente operador operadora representante consultor \
         consultora gerente supervisor funcionario alguem especialista atendentes \
         consultores funcionarios especialistas",
    ),
    (
        TARGET,
        PT,
        "equipe equipa suporte servico atendimento engenheiro engenheiros \
         farmaceutico farmaceutica enfermeiro enfermeira tecnico tecnicos tecnica tecnicas",
    ),
    (
        HUMANLY,
        PT,
        "real humano humana verdade verdadeira verdadeiro viva vivo",
    ),
    (
        DET,
        PT,
        "um uma o a os as algum alguma seu sua seus suas outro outra de do da dos das ser voces \
         cliente",
    ),
    (PREP, PT, "com para por pra pro"),
    (FILLER, PT, "me nos favor pfv agora ja diretamente so"),
    (POLITE, PT, "por favor pfv agora ja obrigado obrigada"),
    (NEG, PT, "nao sem nunca nem ninguem"),
    (COGNITIVE, PT, "sei entendo"),
    (BOT, PT, "robo bot maquina"),
    (POSSESSIVE, PT, "meu minha meus minhas"),
    (SOFT_BREAK, PT, "mas"),
    (BACK_GAP, PT, "com quem que possa posso"),
];

/// Target words long enough to be matched with a typo (edit distance), with verbs of
/// contact. Short words ("rep", "talk") are only matched exactly, except for swapped letters.
pub const FUZZY: &str = "speak speaking talk talking chat chatting contact contacting connect \
    human humans person agent agents representative representatives operator operators \
    supervisor supervisors manager managers someone somebody anyone anybody assistant \
    advisor employee specialist customer service support transfer \
    hablar humano persona agente asesor operador representante alguien \
    parler humain conseiller personne quelqu'un \
    sprechen mensch menschen mitarbeiter berater jemand jemanden jemandem \
    falar pessoa atendente alguem";

/// Suffixes that make a compound noun a target ("Kundendienstmitarbeiter").
pub const TARGET_SUFFIXES: &[(&str, u8)] = &[
    ("mitarbeiter", DE),
    ("mitarbeiterin", DE),
    ("mitarbeitern", DE),
    ("berater", DE),
    ("beraterin", DE),
    ("ansprechpartner", DE),
];

/// French elisions split off a word ("j'aimerais", "l'agent", "n'ai").
pub const ELISIONS: &[&str] = &["j", "l", "d", "n", "m", "t", "s", "c", "qu"];
