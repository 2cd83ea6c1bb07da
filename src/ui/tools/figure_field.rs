//! A field that takes one capacity figure (a peak of sessions, cores, memory): what the user
//! types is read by the engine's reader, a figure it takes becomes an edit, and one it refuses
//! is said at the field, the text left as typed. The capacity panel's figures are these: each
//! zone's peaks in its row of the table, the deployment's above it.

use leptos::prelude::*;

use crate::engine::capacity::FigureError;

/// One labelled figure.
#[component]
pub fn FigureField(
    /// The input's id, for its label and for focus.
    #[prop(into)]
    id: String,
    /// The label (a zone's field follows the zone's name).
    #[prop(into)]
    label: Signal<String>,
    /// Whether the label is for screen readers only (in a table, the column says it).
    #[prop(optional)]
    label_hidden: bool,
    /// What the field shows while empty (an example, or the default it stands for).
    #[prop(optional)]
    placeholder: &'static str,
    /// The figure the topology holds.
    value: Signal<Option<u64>>,
    /// Reads what is typed: `Ok(None)` for an empty field.
    read: fn(&str) -> Result<Option<u64>, FigureError>,
    /// Writes a figure as people read it.
    show: fn(u64) -> String,
    /// Takes a figure the field read.
    on_figure: Callback<Option<u64>>,
    /// What is wrong with this figure together with others (an image larger than the host),
    /// said at the field when the field itself reads.
    #[prop(optional)]
    problem: Option<Signal<Option<String>>>,
    /// The keyboard a phone shows: `decimal` for figures alone, `text` where a unit is typed.
    #[prop(default = "decimal")]
    inputmode: &'static str,
) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    // Only a change of this figure redraws the field, not a change of another one.
    let value = Memo::new(move |_| value.get());
    // The field keeps the user's own spelling (`16GiB`, `1,000`) while it reads as the figure
    // the topology holds, and whatever it holds while it is refused; otherwise (an undo, a link
    // opened) it shows the figure.
    let shown = move || {
        let figure = value.get();
        let typed = input.get_untracked().map(|field| field.value());
        match typed {
            Some(typed) if message.with_untracked(Option::is_some) => typed,
            Some(typed) if read(&typed) == Ok(figure) => typed,
            _ => figure.map(show).unwrap_or_default(),
        }
    };
    let said = move || {
        message
            .get()
            .or_else(|| problem.and_then(|problem| problem.get()))
    };
    let message_id = format!("{id}-message");
    view! {
        <div class="field figure-field">
            <label for=id.clone() class:visually-hidden=label_hidden>{move || label.get()}</label>
            <input
                id=id
                type="text"
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                node_ref=input
                aria-invalid=move || said().is_some().then_some("true")
                aria-describedby=message_id.clone()
                prop:value=shown
                on:input=move |ev| match read(&event_target_value(&ev)) {
                    Ok(figure) => {
                        message.set(None);
                        on_figure.run(figure);
                    }
                    Err(error) => message.set(Some(error.to_string())),
                }
            />
            <span class="field-message" id=message_id role="status">
                {said}
            </span>
        </div>
    }
}
