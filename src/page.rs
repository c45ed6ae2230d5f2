//! Page context capture: reads the live page through web-sys into the core's plain
//! [`PageContext`]. Tracks, from the moment tracking starts, the trail of pages and sections the
//! customer visited (single-page navigation included: pushState, replaceState, popstate,
//! hashchange) and the accessible name of the last element clicked. Capture never fails: what
//! cannot be read is left out. Nothing here redacts; the core cleans and redacts the context
//! when it builds the package.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

use crate::core::context::{PageContext, Viewport, Visit, MAX_LABEL_BYTES, MAX_TRAIL};

#[wasm_bindgen(module = "/js/page.js")]
extern "C" {
    #[wasm_bindgen(js_name = patchHistory)]
    fn patch_history(on_navigate: &Closure<dyn FnMut()>);
}

/// What tracking has seen so far.
#[derive(Default)]
struct Tracker {
    trail: Vec<Visit>,
    last_click: Option<String>,
    last_click_element: Option<Element>,
    started: bool,
}

thread_local! {
    static TRACKER: RefCell<Tracker> = RefCell::new(Tracker::default());
}

/// Runs `f` on the tracker; `R::default()` when it cannot be reached (never in a page: the
/// wasm has one thread and no borrow is held across calls). `try_with` and `try_borrow_mut`
/// keep the thread-local and borrow panics (and their formatting code) out of the wasm.
fn with_tracker<R: Default>(f: impl FnOnce(&mut Tracker) -> R) -> R {
    TRACKER
        .try_with(|t| {
            t.try_borrow_mut()
                .map(|mut t| f(&mut t))
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

const SECTION_ATTR: &str = "data-handoff-section";
/// The selector of [`SECTION_ATTR`].
const SECTION_SELECTOR: &str = "[data-handoff-section]";
const LANDMARKS: &str = "section, article, main, aside, [role=region], [role=main]";

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Starts tracking navigation and clicks (idempotent). Called when the engine starts in a page.
pub fn start_tracking() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    let first = with_tracker(|t| !std::mem::replace(&mut t.started, true));
    if !first {
        return;
    }
    record_visit();
    let on_navigate = Closure::<dyn FnMut()>::new(record_visit);
    patch_history(&on_navigate);
    for event in ["popstate", "hashchange"] {
        let _ =
            window.add_event_listener_with_callback(event, on_navigate.as_ref().unchecked_ref());
    }
    // The listeners live as long as the page.
    on_navigate.forget();

    let on_click = Closure::<dyn FnMut(Event)>::new(|event: Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        // Clicks inside Handoff's own widget say nothing about where the customer was.
        if target
            .closest("[data-handoff-widget]")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        let element = target
            .closest("button, a, [role=button], [role=link], [role=tab], [role=menuitem], input, select, summary, label")
            .ok()
            .flatten()
            .unwrap_or(target);
        let name = accessible_name(&element);
        with_tracker(|t| {
            t.last_click = name;
            t.last_click_element = Some(element);
        });
        record_visit();
    });
    let _ = doc.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    on_click.forget();
}

/// Appends the current page and section to the trail, unless it is where the customer already
/// was.
fn record_visit() {
    let Some(doc) = document() else {
        return;
    };
    let visit = Visit {
        url: location_href(),
        title: Some(doc.title()).filter(|t| !t.is_empty()),
        section: current_section(&doc),
    };
    with_tracker(|t| {
        if t.trail.last() != Some(&visit) {
            t.trail.push(visit);
            let excess = t.trail.len().saturating_sub(MAX_TRAIL);
            t.trail.drain(..excess);
        }
    });
}

fn location_href() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

/// Captures the page as it is now.
pub fn capture() -> PageContext {
    let Some(window) = web_sys::window() else {
        return PageContext::default();
    };
    let Some(doc) = window.document() else {
        return PageContext::default();
    };
    start_tracking();
    record_visit();
    let (trail, last_click) = with_tracker(|t| (t.trail.clone(), t.last_click.clone()));
    let viewport = match (window.inner_width(), window.inner_height()) {
        (Ok(w), Ok(h)) => match (w.as_f64(), h.as_f64()) {
            (Some(w), Some(h)) => Some(Viewport {
                width: w as u32,
                height: h as u32,
            }),
            _ => None,
        },
        _ => None,
    };
    PageContext {
        url: location_href(),
        title: Some(doc.title()).filter(|t| !t.is_empty()),
        section: current_section(&doc),
        breadcrumb: breadcrumb(&doc),
        trail,
        last_click,
        errors: visible_texts(&doc, "[role=alert], [aria-live=assertive]"),
        viewport,
        language: window.navigator().language(),
        time_zone: time_zone(),
    }
}

/// The section the customer is in: around the last element clicked when it is still shown,
/// else the focused element, else the first visible marked section, else the main landmark.
fn current_section(doc: &Document) -> Option<String> {
    let clicked = with_tracker(|t| t.last_click_element.clone());
    let focused = doc.active_element().filter(|e| e.tag_name() != "BODY");
    let candidates = [clicked, focused];
    for element in candidates.into_iter().flatten() {
        if element.is_connected() && is_visible(&element) {
            if let Some(name) = section_of(&element) {
                return Some(name);
            }
        }
    }
    if let Ok(list) = doc.query_selector_all(SECTION_SELECTOR) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if is_visible(&el) {
                    return section_of(&el);
                }
            }
        }
    }
    let main = doc.query_selector("main, [role=main]").ok().flatten()?;
    section_of(&main)
}

/// The nearest `data-handoff-section` around `el` (innermost wins), else the nearest landmark
/// named by its label or first heading.
fn section_of(el: &Element) -> Option<String> {
    if let Some(marked) = el.closest(SECTION_SELECTOR).ok().flatten() {
        if let Some(name) = named(marked.get_attribute(SECTION_ATTR)) {
            return Some(name);
        }
    }
    let mut node = el.closest(LANDMARKS).ok().flatten();
    while let Some(landmark) = node {
        let name = named(landmark.get_attribute("aria-label")).or_else(|| {
            let heading = landmark.query_selector("h1, h2, h3, h4").ok().flatten()?;
            named(heading.text_content())
        });
        if name.is_some() {
            return name;
        }
        node = landmark
            .parent_element()
            .and_then(|p| p.closest(LANDMARKS).ok().flatten());
    }
    None
}

/// The breadcrumb trail, from the common ways pages mark one up.
fn breadcrumb(doc: &Document) -> Vec<String> {
    for selector in [
        "nav[aria-label*=readcrumb i] li",
        "nav[aria-label*=readcrumb i] a",
        "[class*=breadcrumb] li",
        "[itemtype*=BreadcrumbList] [itemprop=name]",
    ] {
        let items = visible_texts(doc, selector);
        if !items.is_empty() {
            return items;
        }
    }
    Vec::new()
}

/// The collapsed text of every visible element matching `selector`, empty ones left out.
fn visible_texts(doc: &Document, selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(list) = doc.query_selector_all(selector) else {
        return out;
    };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if !is_visible(&el) {
            continue;
        }
        if let Some(text) = named(el.text_content()) {
            out.push(text);
        }
    }
    out
}

fn is_visible(el: &Element) -> bool {
    el.closest("[hidden], [aria-hidden=true]")
        .ok()
        .flatten()
        .is_none()
        && el.get_client_rects().length() > 0
}

/// The accessible name, by the common rules: aria-label, aria-labelledby, a label for an
/// input, alt, title, then the text content.
fn accessible_name(el: &Element) -> Option<String> {
    let doc = document()?;
    let attr = |name: &str| named(el.get_attribute(name));
    let labelled_by = || {
        let ids = el.get_attribute("aria-labelledby")?;
        // The labels' texts joined by spaces, written as they are read (no list of them).
        let mut text = String::new();
        let labels = ids
            .split_whitespace()
            .filter_map(|id| doc.get_element_by_id(id)?.text_content());
        for (i, label) in labels.enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&collapse(&label));
        }
        Some(text).filter(|s| !s.is_empty())
    };
    let label_for = || {
        let id = el.get_attribute("id")?;
        let mut selector = String::from("label[for=\"");
        selector.extend(id.chars().filter(|&c| c != '"'));
        selector.push_str("\"]");
        let label = doc.query_selector(&selector).ok().flatten()?;
        named(label.text_content())
    };
    let name = attr("aria-label")
        .or_else(labelled_by)
        .or_else(label_for)
        .or_else(|| attr("alt"))
        .or_else(|| attr("title"))
        .or_else(|| named(el.text_content()))
        .or_else(|| attr("placeholder"))?;
    Some(crate::core::context::clip_marked(&name, MAX_LABEL_BYTES))
}

fn time_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()
}

/// The collapsed text, when there is some: out of line, as names are read this way in six
/// places.
#[inline(never)]
fn named(text: Option<String>) -> Option<String> {
    Some(collapse(&text?)).filter(|s| !s.is_empty())
}

/// Collapses runs of white space to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
