//! A bare Leptos counter whose count sits in a one-cell table captioned "Role placement", so
//! that the benchmark waits for the same thing in both apps.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <button type="button" on:click=move |_| count.update(|n| *n += 1)>"Increment"</button>
            <table>
                <caption>"Role placement"</caption>
                <tbody>
                    <tr>
                        <td>{move || count.get()}</td>
                    </tr>
                </tbody>
            </table>
        }
    });
}
