//! The witness signs with a finger on the volunteer's phone (见证人现场签名). Plain SVG and
//! pointer events: no canvas, no image, nothing to load, and it works offline like the rest of
//! the form. The strokes go into the service entry as text.

use leptos::ev::PointerEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::signature::{svg_path, Strokes, HEIGHT, MAX_POINTS, WIDTH};
use crate::domain::Lang;

/// Where a pointer event falls in the drawing box, whatever size the box is shown at.
fn box_point(ev: &PointerEvent) -> Option<(u16, u16)> {
    let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let (w, h) = (target.client_width().max(1), target.client_height().max(1));
    let scale = |v: i32, shown: i32, max: u16| {
        ((v.max(0) as f64 * f64::from(max) / f64::from(shown)).round() as u16).min(max)
    };
    Some((
        scale(ev.offset_x(), w, WIDTH),
        scale(ev.offset_y(), h, HEIGHT),
    ))
}

#[component]
pub fn SignaturePad(strokes: RwSignal<Strokes>, lang: RwSignal<Lang>) -> impl IntoView {
    let drawing = RwSignal::new(false);
    let pick = move |zh: &'static str, en: &'static str| move || lang.get().pick(zh, en);
    let room = move || strokes.with(|s| s.iter().map(Vec::len).sum::<usize>() < MAX_POINTS);
    let down = move |ev: PointerEvent| {
        let Some(point) = box_point(&ev).filter(|_| room()) else {
            return;
        };
        ev.prevent_default();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            // Keeps the stroke when the finger strays outside the box.
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        drawing.set(true);
        strokes.update(|s| s.push(vec![point]));
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_untracked() || !room() {
            return;
        }
        let Some((x, y)) = box_point(&ev) else { return };
        strokes.update(|s| {
            if let Some(stroke) = s.last_mut() {
                // Points closer than two units add weight, not shape.
                let far = stroke
                    .last()
                    .is_none_or(|(px, py)| px.abs_diff(x) + py.abs_diff(y) >= 2);
                if far {
                    stroke.push((x, y));
                }
            }
        });
    };
    let up = move |_: PointerEvent| drawing.set(false);
    view! {
        <div class="signature-pad">
            <span>{pick("见证人签名（选填，请见证人用手指在框内签名）", "Witness signature (optional: the witness signs in the box with a finger)")}</span>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" data-testid="signature-pad"
                aria-label=pick("签名框", "Signature box")
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up>
                <path d=move || strokes.with(svg_path)/>
            </svg>
            <button type="button" data-testid="signature-clear"
                disabled=move || strokes.with(Vec::is_empty)
                on:click=move |_| strokes.set(Vec::new())>{pick("重新签名", "Clear")}</button>
        </div>
    }
}
