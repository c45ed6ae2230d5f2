//! wasm-bindgen-test suite for the JS facade, run in Node by `wasm-pack test --node`.
#![cfg(target_arch = "wasm32")]

mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn explicit_request_escalates() {
    common::explicit_request_escalates();
}

#[wasm_bindgen_test]
fn bad_input_throws_coded_errors() {
    common::bad_input_throws_coded_errors();
}

#[wasm_bindgen_test]
fn odd_text_never_panics() {
    common::odd_text_never_panics();
}

/// Page context capture in a real browser: nested sections, a breadcrumb, an alert, a click,
/// and single-page navigation through pushState and hashchange.
#[wasm_bindgen_test]
async fn page_context_capture() {
    use handoff::HandoffEngine;
    use wasm_bindgen::{JsCast, JsValue};

    let get = |obj: &JsValue, key: &str| js_sys::Reflect::get(obj, &key.into()).unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.set_title("Acme · Billing");
    // A container of our own: the test runner reports through elements of the page's body.
    let body = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&body).unwrap();
    body.set_inner_html(
        r##"<nav aria-label="Breadcrumb"><ol><li>Billing</li><li>Payment method</li></ol></nav>
           <main>
             <section data-handoff-section="Billing">
               <h1>Billing</h1>
               <section data-handoff-section="Billing > Payment method">
                 <button id="update" aria-label="Update card">✎</button>
                 <div role="alert">Card declined (code 51)</div>
                 <div role="alert" hidden>old hidden error</div>
               </section>
             </section>
             <section><h2>Help articles</h2><a id="help" href="#help">Read more</a></section>
           </main>"##,
    );
    let engine = HandoffEngine::new(None).unwrap();
    // Tracking starts with the first capture; then the customer navigates and clicks.
    let _ = engine.capture_page().unwrap();
    js_sys::eval("history.pushState({}, '', '#/billing/payment')").unwrap();
    let button: web_sys::HtmlElement = doc.get_element_by_id("update").unwrap().unchecked_into();
    button.click();

    let page: JsValue = engine.capture_page().unwrap().into();
    assert_eq!(
        get(&page, "section").as_string().as_deref(),
        Some("Billing > Payment method")
    );
    assert_eq!(
        get(&page, "last_click").as_string().as_deref(),
        Some("Update card")
    );
    assert_eq!(
        get(&page, "title").as_string().as_deref(),
        Some("Acme · Billing")
    );
    let crumbs = js_sys::Array::from(&get(&page, "breadcrumb"));
    assert_eq!(crumbs.length(), 2);
    assert_eq!(crumbs.get(1).as_string().as_deref(), Some("Payment method"));
    let errors = js_sys::Array::from(&get(&page, "errors"));
    assert_eq!(errors.length(), 1, "hidden alerts are not captured");
    assert!(errors.get(0).as_string().unwrap().contains("Card declined"));
    let url = get(&page, "url").as_string().unwrap();
    assert!(url.ends_with("#/billing/payment"), "{url}");
    let trail = js_sys::Array::from(&get(&page, "trail"));
    assert!(trail.length() >= 2, "navigation was tracked");
    assert!(get(&get(&page, "viewport"), "width").as_f64().unwrap() > 0.0);
    assert!(get(&page, "time_zone").as_string().is_some());

    // A click in another landmark moves the section to that landmark's heading.
    let help: web_sys::HtmlElement = doc.get_element_by_id("help").unwrap().unchecked_into();
    help.click();
    // hashchange fires asynchronously.
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    let page: JsValue = engine.capture_page().unwrap().into();
    assert_eq!(
        get(&page, "section").as_string().as_deref(),
        Some("Help articles")
    );
    assert_eq!(
        get(&page, "last_click").as_string().as_deref(),
        Some("Read more")
    );
    let trail = js_sys::Array::from(&get(&page, "trail"));
    let last = trail.get(trail.length() - 1);
    assert_eq!(
        get(&last, "section").as_string().as_deref(),
        Some("Help articles")
    );
    body.remove();
}
